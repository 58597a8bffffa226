#include "carecast/parallel/process_group.h"

#include <algorithm>
#include <climits>
#include <cstdlib>

#if CARECAST_HAVE_MPI
// The C API only: the deprecated C++ bindings would need their own library.
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>
#endif

namespace carecast {
namespace {

// Rank `rank` of `size` runs replicates [first, first + count).
std::pair<std::int64_t, std::int64_t> share_of(int rank, int size, std::int64_t replicates) {
  const std::int64_t first = replicates * rank / size;
  return {first, replicates * (rank + 1) / size - first};
}

#if CARECAST_HAVE_MPI
// Whether a launcher (mpirun or mpiexec of Open MPI or MPICH, or a batch
// system's srun) started this process: each leaves its rank in the
// environment. Started alone, MPI_Init would make Open MPI start a daemon
// for a world of one, which takes half a second of every command.
bool started_by_launcher() {
  for (const char* variable : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"}) {
    if (std::getenv(variable) != nullptr) return true;
  }
  return false;
}
#endif

}  // namespace

ProcessGroup::ProcessGroup([[maybe_unused]] int& argc, [[maybe_unused]] char**& argv) {
#if CARECAST_HAVE_MPI
  if (!started_by_launcher()) return;
  // Threads (oneTBB) never call MPI; only the main thread does.
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  started_mpi_ = true;
#endif
}

ProcessGroup::~ProcessGroup() {
#if CARECAST_HAVE_MPI
  if (started_mpi_) MPI_Finalize();
#endif
}

std::pair<std::int64_t, std::int64_t> ProcessGroup::share(std::int64_t replicates) const {
  return share_of(rank_, size_, replicates);
}

bool ProcessGroup::all(bool mine) const {
#if CARECAST_HAVE_MPI
  if (size_ > 1) {
    int local = mine ? 1 : 0;
    int every = 0;
    MPI_Allreduce(&local, &every, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    return every == 1;
  }
#endif
  return mine;
}

#if CARECAST_HAVE_MPI
namespace {

// Replicates sent in one message: enough that messages are few and large,
// few enough that rank 0's receive buffer stays small; fewer when a message
// would pass MPI's int count.
std::int64_t replicates_per_message(const OutputLayout& layout) {
  constexpr std::int64_t at_most = 64;
  const auto doubles = static_cast<std::int64_t>(std::max<std::size_t>(layout.total_size(), 1));
  if (doubles > INT_MAX) throw InternalError("one replicate's results are too large to send across processes");
  return std::min(at_most, INT_MAX / doubles);
}

}  // namespace
#endif

void ProcessGroup::send_to_leader([[maybe_unused]] const ReplicateStore& mine,
                                  [[maybe_unused]] const OutputLayout& layout) const {
#if CARECAST_HAVE_MPI
  // A message holds whole replicates, one after another, each its
  // quantities in layout order.
  const std::int64_t block = replicates_per_message(layout);
  std::vector<double> message;
  for (std::int64_t first = mine.first; first < mine.first + mine.count; first += block) {
    const std::int64_t count = std::min(block, mine.first + mine.count - first);
    message.clear();
    for (std::int64_t r = first; r < first + count; ++r) {
      for (std::size_t q = 0; q < mine.arrays.size(); ++q) {
        const std::size_t cells = layout.size(q);
        const double* values = mine.replicate_values(q, r, cells);
        message.insert(message.end(), values, values + cells);
      }
    }
    MPI_Send(message.data(), static_cast<int>(message.size()), MPI_DOUBLE, 0, 0, MPI_COMM_WORLD);
  }
#endif
}

void ProcessGroup::receive_from_others([[maybe_unused]] std::int64_t replicates,
                                       [[maybe_unused]] const OutputLayout& layout,
                                       [[maybe_unused]] const ReplicateConsumer& consume) const {
#if CARECAST_HAVE_MPI
  const std::int64_t block = replicates_per_message(layout);
  ReplicateValues values;
  values.reset(layout);
  std::vector<double> message;
  for (int rank = 1; rank < size_; ++rank) {
    const auto [share_first, share_count] = share_of(rank, size_, replicates);
    for (std::int64_t first = share_first; first < share_first + share_count; first += block) {
      const std::int64_t count = std::min(block, share_first + share_count - first);
      message.resize(static_cast<std::size_t>(count) * layout.total_size());
      MPI_Recv(message.data(), static_cast<int>(message.size()), MPI_DOUBLE, rank, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      const double* next = message.data();
      for (std::int64_t r = first; r < first + count; ++r) {
        for (auto& array : values.arrays) {
          std::copy(next, next + array.size(), array.begin());
          next += array.size();
        }
        consume(r, values);
      }
    }
  }
#endif
}

}  // namespace carecast
