#!/bin/sh
# lambda-firewall exec wrapper.
#
# Lambda runs it as AWS_LAMBDA_EXEC_WRAPPER=/opt/wrapper-script.sh with the
# runtime's command line as arguments. It points the runtime at the
# lambda-firewall proxy on the loopback interface and execs the runtime, so
# every event and response goes through the extension.
#
# Chaining: Lambda allows one exec wrapper. If another layer's wrapper must
# run too, set LAMBDA_FIREWALL_NEXT_WRAPPER to its path: it is exec'd with
# the same arguments after the rewrite, so it sees our address as its
# AWS_LAMBDA_RUNTIME_API (give that extension our upstream by setting its
# own upstream variable, or put ours after it with LAMBDA_FIREWALL_RUNTIME_API).
#
# OS-only runtimes (provided.al2023, Go, Rust) ignore AWS_LAMBDA_EXEC_WRAPPER:
# make the function's bootstrap start with
#     exec /opt/wrapper-script.sh /var/task/your-binary "$@"
set -eu

port="${LAMBDA_FIREWALL_PORT:-9009}"
case "$port" in
  ''|*[!0-9]*)
    echo "lambda-firewall wrapper: LAMBDA_FIREWALL_PORT must be a number, got '$port'" >&2
    exit 1
    ;;
esac

if [ "$#" -eq 0 ]; then
  echo "lambda-firewall wrapper: no runtime command to run" >&2
  exit 1
fi

# The extension reads the real Runtime API from its own environment; the
# runtime only ever sees the proxy.
export AWS_LAMBDA_RUNTIME_API="127.0.0.1:${port}"

if [ -n "${LAMBDA_FIREWALL_NEXT_WRAPPER:-}" ]; then
  next="$LAMBDA_FIREWALL_NEXT_WRAPPER"
  unset LAMBDA_FIREWALL_NEXT_WRAPPER
  exec "$next" "$@"
fi
exec "$@"
