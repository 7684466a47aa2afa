#!/usr/bin/env python3
"""Where a flight recording's CPU samples are: shares by innermost library, by thread and by Caravan method.

    jfr print --json --stack-depth 256 --events jdk.ExecutionSample rec.jfr > rec.json
    tests/tools/jfr_shares.py rec.json [--skip=0.45]

--skip drops that fraction of the samples, oldest first (the hub's start and the benchmark's warm-up). Each sample
counts once under the innermost frame on its stack that belongs to a known library (else "other/jdk"); "by Caravan
method" counts a sample under every dev.caravan method on its stack (inclusive shares).
"""
import collections
import json
import sys

LIBRARIES = [('dev.caravan.', 'caravan'), ('com.hivemq', 'hivemq'), ('jetbrains.exodus', 'xodus'),
             ('io.lettuce', 'lettuce'), ('org.postgresql', 'pgjdbc'), ('com.zaxxer', 'hikari'),
             ('org.eclipse.paho', 'paho'), ('com.fasterxml', 'jackson'), ('org.apache.camel', 'camel'),
             ('io.netty', 'netty'), ('org.springframework', 'spring'), ('io.micrometer', 'micrometer'),
             ('ch.qos.logback', 'logback'), ('org.slf4j', 'logback')]


def frames(event):
    trace = event['values']['stackTrace']
    if not trace:
        return []
    return [f['method']['type']['name'].replace('/', '.') + '.' + f['method']['name'] for f in trace['frames']]


def main():
    path = sys.argv[1]
    skip = next((float(a.split('=', 1)[1]) for a in sys.argv[2:] if a.startswith('--skip=')), 0.45)
    events = json.load(open(path))['recording']['events']
    times = sorted(e['values']['startTime'] for e in events)
    cut = times[int(len(times) * skip)] if times else None
    events = [e for e in events if e['values']['startTime'] >= cut]
    library, thread, ours = collections.Counter(), collections.Counter(), collections.Counter()
    for e in events:
        stack = frames(e)
        if not stack:
            continue
        thread[e['values']['sampledThread']['javaName'].rstrip('0123456789')] += 1
        library[next((name for f in stack for prefix, name in LIBRARIES if f.startswith(prefix)), 'other/jdk')] += 1
        for method in {f for f in stack if f.startswith('dev.caravan.') and '$$Lambda' not in f}:
            ours[method] += 1
    n = len(events)
    print(f'{n} samples after skipping {skip:.0%}')
    for title, counter, top in (('innermost library', library, 20), ('thread', thread, 15),
                                ('by Caravan method (inclusive)', ours, 30)):
        print(title + ':')
        for name, count in counter.most_common(top):
            print(f'  {count / n * 100:5.1f} %  {name}')


if __name__ == '__main__':
    main()
