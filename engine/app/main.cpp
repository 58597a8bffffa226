// The carecast program (command_line.h).

#include "carecast/parallel/process_group.h"
#include "command_line.h"

int main(int argc, char** argv) {
  const carecast::ProcessGroup processes(argc, argv);
  return carecast::app::carecast_main(argc, argv, processes);
}
