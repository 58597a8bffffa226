#pragma once
// The carecast program as a function, so that the fuzzer can drive it with
// any arguments: parses the command line, runs the subcommand (commands.h),
// and maps errors to exit codes here and nowhere else: 0 ok, 2 bad input or
// usage, 1 internal failure or a file that could not be written.

#include "carecast/parallel/process_group.h"

namespace carecast::app {

int carecast_main(int argc, char** argv, const ProcessGroup& processes);

}  // namespace carecast::app
