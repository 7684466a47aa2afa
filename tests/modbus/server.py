#!/usr/bin/python3
"""A Modbus TCP (or RTU over TCP, or RTU on a serial line) server for Caravan's tests and benchmark: Debian's
python3-pymodbus, an implementation independent of the hub's client.

    /usr/bin/python3 tests/modbus/server.py --port 5020 [--port 5031 ...] [--framer socket|rtu] [--units 1,2]
        [--size 1000] [--set UNIT:TABLE:ADDRESS=V1,V2,...]...
    /usr/bin/python3 tests/modbus/server.py --serial /dev/pts/7 [--baudrate 9600] [--units ...] [--set ...]

Every unit has the four tables (co, di, hr, ir) with --size entries each, protocol addresses 0 to size-1; a read
beyond them is answered with exception 2 (illegal data address). --set seeds values at a protocol address (16-bit
words for hr/ir, 0/1 for co/di). With several --port the same data is served on each. Runs until killed.
Must run on Debian's own /usr/bin/python3 (python3-pymodbus is installed for it only).
"""
import argparse
import asyncio
import logging

from pymodbus.datastore import ModbusServerContext, ModbusSlaveContext, ModbusSequentialDataBlock
from pymodbus.server import StartAsyncSerialServer, StartAsyncTcpServer
from pymodbus.transaction import ModbusRtuFramer, ModbusSocketFramer


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, action="append", default=[])
    parser.add_argument("--serial")
    parser.add_argument("--baudrate", type=int, default=9600)
    parser.add_argument("--framer", choices=["socket", "rtu"], default="socket")
    parser.add_argument("--units", default="1")
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--set", action="append", default=[])
    return parser.parse_args()


def build_context(args):
    units = [int(u) for u in args.units.split(",")]
    slaves = {}
    for unit in units:
        # pymodbus (zero_mode off) stores protocol address a at index a+1: a block starting at 1 covers 0..size-1
        slaves[unit] = ModbusSlaveContext(**{t: ModbusSequentialDataBlock(1, [0] * args.size)
                                             for t in ("co", "di", "hr", "ir")})
    for spec in args.set:
        target, values = spec.split("=", 1)
        unit, table, address = target.split(":")
        words = [int(v, 0) for v in values.split(",")]
        slaves[int(unit)].store[{"co": "c", "di": "d", "hr": "h", "ir": "i"}[table]].setValues(
            int(address, 0) + 1, words)
    return ModbusServerContext(slaves=slaves, single=False)


async def main():
    args = parse_args()
    # pymodbus logs every closed connection and exception answer as an error: keep the tests' output readable
    logging.basicConfig(level=logging.CRITICAL)
    context = build_context(args)
    if args.serial:
        server = await StartAsyncSerialServer(context=context, framer=ModbusRtuFramer, port=args.serial,
                                              baudrate=args.baudrate, defer_start=True)
        await server.start()
        await asyncio.Event().wait()
        return
    framer = ModbusRtuFramer if args.framer == "rtu" else ModbusSocketFramer
    servers = [await StartAsyncTcpServer(context=context, address=("127.0.0.1", port), framer=framer,
                                         defer_start=True, allow_reuse_address=True)
               for port in args.port]
    await asyncio.gather(*(server.serve_forever() for server in servers))


if __name__ == "__main__":
    asyncio.run(main())
