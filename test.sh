#!/usr/bin/env bash
# Runs the whole test suite: every module, in batch mode, with test counts printed.
set -euo pipefail
cd "$(dirname "$0")"
. bin/find-jdk.sh
JAVA_HOME=$(find_jdk)
export JAVA_HOME
exec ./mvnw -B --no-transfer-progress verify "$@"
