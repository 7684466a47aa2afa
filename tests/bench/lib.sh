# Shared by the benchmark scripts (sourced, from the project's root): builds what a driver needs and runs it.
#   bench_run <driver class> [arguments...]
# The hub's jar is rebuilt when missing or older than pom.xml or anything under src/main; the drivers are test
# classes, run with the test classpath (written to target/bench/classpath.txt).

bench_run() {
  local driver="$1"
  shift
  mkdir -p target/bench
  if [[ ! -f target/caravan.jar ]] || [[ -n "$(find pom.xml src/main -newer target/caravan.jar -print -quit)" ]]; then
    echo "Building target/caravan.jar ..."
    mvn -B -q -DskipTests package
  fi
  mvn -B -q test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench/classpath.txt
  exec java -cp "target/test-classes:target/classes:$(cat target/bench/classpath.txt)" "$driver" "$@"
}
