// Package rie runs a Lambda function under AWS's Runtime Interface Emulator
// (aws-lambda-rie) with the lambda-firewall extension installed as a layer,
// for end-to-end tests and the demo.
//
// The emulator hard-codes /opt/extensions and /var/task, so Start lays out a
// private /opt (extensions/lambda-firewall, wrapper-script.sh, bootstrap) and
// /var/task (the function, optionally its own bootstrap) in a temporary
// directory and starts the emulator as PID 1 of new mount and PID namespaces
// with those directories bind-mounted in place. Nothing on the host is
// modified, and killing the emulator kills every process it started. This
// needs root (CAP_SYS_ADMIN); Supported reports whether it is available.
//
// The emulator does not honour AWS_LAMBDA_EXEC_WRAPPER, so the harness ships
// its own launcher: with BootstrapManaged, /opt/bootstrap plays a managed
// runtime and execs $AWS_LAMBDA_EXEC_WRAPPER with the function; with
// BootstrapOSOnly, /var/task/bootstrap execs the wrapper and then the function
// itself, as documented for OS-only runtimes (provided.al2023).
package rie
