#include "carecast/parallel/process_group.h"

#include <climits>

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

}  // namespace

ProcessGroup::ProcessGroup([[maybe_unused]] int& argc, [[maybe_unused]] char**& argv) {
#if CARECAST_HAVE_MPI
  // Threads (oneTBB) never call MPI; only the main thread does.
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
#endif
}

ProcessGroup::~ProcessGroup() {
#if CARECAST_HAVE_MPI
  MPI_Finalize();
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

ReplicateStore ProcessGroup::gather(ReplicateStore mine, [[maybe_unused]] std::int64_t replicates,
                                    [[maybe_unused]] const OutputLayout& layout) const {
  if (size_ == 1) return mine;
#if CARECAST_HAVE_MPI
  ReplicateStore all;
  if (leader()) {
    all.first = 0;
    all.count = replicates;
    all.arrays.resize(mine.arrays.size());
  }
  std::vector<int> counts(static_cast<std::size_t>(size_));
  std::vector<int> offsets(static_cast<std::size_t>(size_));
  for (std::size_t q = 0; q < mine.arrays.size(); ++q) {
    const std::size_t cells = layout.size(q);
    if (static_cast<double>(replicates) * static_cast<double>(cells) > INT_MAX) {
      throw InternalError("quantity " + layout.quantities()[q].name + " is too large to gather across processes in one piece");
    }
    for (int r = 0; r < size_; ++r) {
      const auto [first, count] = share_of(r, size_, replicates);
      counts[static_cast<std::size_t>(r)] = static_cast<int>(count * static_cast<std::int64_t>(cells));
      offsets[static_cast<std::size_t>(r)] = static_cast<int>(first * static_cast<std::int64_t>(cells));
    }
    if (leader()) all.arrays[q].resize(static_cast<std::size_t>(replicates) * cells);
    MPI_Gatherv(mine.arrays[q].data(), static_cast<int>(mine.arrays[q].size()), MPI_DOUBLE,
                leader() ? all.arrays[q].data() : nullptr, counts.data(), offsets.data(), MPI_DOUBLE, 0, MPI_COMM_WORLD);
    std::vector<double>().swap(mine.arrays[q]);
  }
  return all;
#else
  return mine;
#endif
}

}  // namespace carecast
