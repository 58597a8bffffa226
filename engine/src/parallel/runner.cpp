#include "carecast/parallel/runner.h"

#include <tbb/global_control.h>
#include <tbb/task_group.h>
#include <tbb/task_arena.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <atomic>
#include <mutex>

// Debian's oneTBB is not built for ThreadSanitizer, so TSan cannot see that
// a task starts after the thread that hands it to TBB, and that the waiting
// thread resumes after the task ends. These annotations state exactly those
// two hand-overs, on addresses that need no other memory to be read first; in
// other builds they vanish.
#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
#define CARECAST_HANDOFF_RELEASE(address) __tsan_release(address)
#define CARECAST_HANDOFF_ACQUIRE(address) __tsan_acquire(address)
#else
#define CARECAST_HANDOFF_RELEASE(address) static_cast<void>(address)
#define CARECAST_HANDOFF_ACQUIRE(address) static_cast<void>(address)
#endif

namespace carecast {
namespace {

// One run's shared state. Tasks reach it through `published_job` rather than
// a lambda capture, so that a task reads nothing handed over by TBB before its
// acquire annotation; runs are therefore serialised by `job_mutex`.
struct Job {
  const Simulation* simulation;
  std::int64_t first;
  std::int64_t count;
  ReplicateStore* store;
  const RunOptions* options;
  std::atomic<std::int64_t> next{0};
  std::atomic<std::int64_t> finished{0};
  std::mutex progress_mutex;
};

std::mutex job_mutex;
Job* published_job = nullptr;
char handed_back;

// Each worker takes the next replicate index until none are left; the index,
// not the worker, decides a replicate's streams and its slot.
void work_on_published_job() {
  CARECAST_HANDOFF_ACQUIRE(&published_job);
  Job& job = *published_job;
  ReplicateValues values;
  for (std::int64_t slot = job.next++; slot < job.count; slot = job.next++) {
    job.simulation->run_replicate(job.first + slot, values);
    for (std::size_t q = 0; q < values.arrays.size(); ++q) {
      const auto& array = values.arrays[q];
      std::copy(array.begin(), array.end(),
                job.store->arrays[q].begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(slot) * array.size()));
    }
    const std::int64_t done = ++job.finished;
    if (job.options->progress) {
      std::lock_guard lock(job.progress_mutex);
      job.options->progress(done, job.count);
    }
  }
  CARECAST_HANDOFF_RELEASE(&handed_back);
}

}  // namespace

std::size_t store_bytes(const OutputLayout& layout, std::int64_t replicates) {
  std::size_t cells = 0;
  for (std::size_t q = 0; q < layout.quantities().size(); ++q) cells += layout.size(q);
  return cells * sizeof(double) * static_cast<std::size_t>(replicates);
}

void check_replicates_fit(const OutputLayout& layout, std::int64_t replicates, const SourceLocation& where,
                          const std::string& key) {
  const double needed = static_cast<double>(store_bytes(layout, replicates));
  const double memory = static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGE_SIZE));
  // Half the memory: the summaries, the writer's buffers and the rest of
  // the machine need the other half.
  if (memory > 0 && needed > 0.5 * memory) {
    constexpr double gigabyte = 1024.0 * 1024.0 * 1024.0;
    char text[200];
    std::snprintf(text, sizeof text, "%lld replicates need about %.1f GB for their results; this machine has %.1f GB",
                  static_cast<long long>(replicates), needed / gigabyte, memory / gigabyte);
    throw InputError::at(where, key, text);
  }
}

ReplicateStore run_replicates(const Simulation& simulation, std::int64_t first, std::int64_t count,
                              const RunOptions& options) {
  const OutputLayout& layout = simulation.layout();
  ReplicateStore store;
  store.first = first;
  store.count = count;
  store.arrays.resize(layout.quantities().size());
  for (std::size_t q = 0; q < store.arrays.size(); ++q) {
    store.arrays[q].assign(layout.size(q) * static_cast<std::size_t>(count), 0.0);
  }

  const int threads = options.threads > 0 ? options.threads : tbb::this_task_arena::max_concurrency();
  // Allow as many threads as asked for, even beyond the cores (the
  // determinism tests run 8 threads on 2 cores).
  tbb::global_control parallelism(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  tbb::task_arena arena(threads);
  std::lock_guard one_run_at_a_time(job_mutex);
  Job job;
  job.simulation = &simulation;
  job.first = first;
  job.count = count;
  job.store = &store;
  job.options = &options;
  published_job = &job;
  CARECAST_HANDOFF_RELEASE(&published_job);
  arena.execute([threads] {
    tbb::task_group group;
    for (int worker = 0; worker < threads; ++worker) group.run(work_on_published_job);
    group.wait();
  });
  CARECAST_HANDOFF_ACQUIRE(&handed_back);
  published_job = nullptr;
  return store;
}

}  // namespace carecast
