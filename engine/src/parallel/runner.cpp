#include "carecast/parallel/runner.h"

#include <tbb/global_control.h>
#include <tbb/task_group.h>
#include <tbb/task_arena.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <exception>
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

// How many replicates per thread may be finished, or under way, beyond the
// oldest one not yet handed on: enough that a thread rarely waits for a
// slower one, few enough that the window's memory does not matter.
constexpr int window_per_thread = 4;

// One run's shared state. Tasks reach it through `published_job` rather than
// a lambda capture, so that a task reads nothing handed over by TBB before its
// acquire annotation; runs are therefore serialised by `job_mutex`.
struct Job {
  const ReplicateTask* task;
  std::int64_t first;
  std::int64_t count;
  const RunOptions* options;
  const ReplicateConsumer* consume;
  // Replicate `slot` is run into window[slot % size]; `ready` marks the
  // positions whose replicate has finished and waits to be handed on.
  std::vector<ReplicateValues> window;
  std::vector<char> ready;
  std::atomic<std::int64_t> next{0};
  std::atomic<std::int64_t> finished{0};
  std::mutex progress_mutex;
  // The task's preparation: its pieces, the next to take and how many are done.
  std::int64_t pieces = 0;
  std::atomic<std::int64_t> next_piece{0};
  std::atomic<std::int64_t> pieces_done{0};

  std::mutex window_mutex;  // guards what follows
  std::condition_variable window_moved;
  std::int64_t handed_on = 0;  // slots [0, handed_on) have been consumed
  bool handing_on = false;  // a thread is calling `consume`
  std::exception_ptr failure;  // the first exception; every thread stops
  bool prepared = false;  // the task's preparation is finished
};

std::mutex job_mutex;
Job* published_job = nullptr;
char handed_back;

// Waits until `slot` fits in the window; false when the run has failed.
bool wait_for_room(Job& job, std::int64_t slot) {
  std::unique_lock lock(job.window_mutex);
  const auto size = static_cast<std::int64_t>(job.window.size());
  job.window_moved.wait(lock, [&] { return job.failure || slot < job.handed_on + size; });
  return !job.failure;
}

// Marks `slot` finished and, unless another thread is already doing so,
// hands on every finished replicate that is next in order. Consuming happens
// outside the lock, so other threads keep finishing replicates meanwhile.
void finish(Job& job, std::int64_t slot) {
  std::unique_lock lock(job.window_mutex);
  const std::size_t size = job.window.size();
  job.ready[static_cast<std::size_t>(slot) % size] = 1;
  if (job.handing_on) return;  // that thread sees this slot before it stops
  job.handing_on = true;
  while (!job.failure && job.ready[static_cast<std::size_t>(job.handed_on) % size]) {
    const std::int64_t oldest = job.handed_on;
    const std::size_t position = static_cast<std::size_t>(oldest) % size;
    lock.unlock();
    (*job.consume)(job.first + oldest, job.window[position]);
    lock.lock();
    job.ready[position] = 0;
    job.handed_on = oldest + 1;
    job.window_moved.notify_all();
  }
  job.handing_on = false;
}

// Takes the task's preparation pieces until none are left, the worker to
// finish the last one finishing the preparation, then waits until it is
// finished; false when the run has failed.
bool prepare_task(Job& job, std::unique_ptr<WorkerState>& state) {
  for (std::int64_t piece = job.next_piece++; piece < job.pieces; piece = job.next_piece++) {
    job.task->prepare(piece, state);
    if (++job.pieces_done == job.pieces) {
      job.task->finish_preparation();
      std::lock_guard lock(job.window_mutex);
      job.prepared = true;
      job.window_moved.notify_all();
    }
  }
  std::unique_lock lock(job.window_mutex);
  job.window_moved.wait(lock, [&] { return job.failure || job.prepared; });
  return !job.failure;
}

// Each worker helps prepare the task, then takes the next replicate index
// until none are left; the index, not the worker, decides a replicate's
// streams and its place in the order.
void work_on_published_job() {
  CARECAST_HANDOFF_ACQUIRE(&published_job);
  Job& job = *published_job;
  std::unique_ptr<WorkerState> state;
  try {
    if (!prepare_task(job, state)) {
      CARECAST_HANDOFF_RELEASE(&handed_back);
      return;
    }
    for (std::int64_t slot = job.next++; slot < job.count && wait_for_room(job, slot); slot = job.next++) {
      job.task->run_replicate(job.first + slot, job.window[static_cast<std::size_t>(slot) % job.window.size()], state);
      const std::int64_t done = ++job.finished;
      if (job.options->progress) {
        std::lock_guard lock(job.progress_mutex);
        job.options->progress(done, job.count);
      }
      finish(job, slot);
    }
  } catch (...) {
    std::lock_guard lock(job.window_mutex);
    if (!job.failure) job.failure = std::current_exception();
    job.window_moved.notify_all();
  }
  CARECAST_HANDOFF_RELEASE(&handed_back);
}

}  // namespace

std::size_t store_bytes(const OutputLayout& layout, std::int64_t replicates) {
  return layout.total_size() * sizeof(double) * static_cast<std::size_t>(replicates);
}

int thread_count(int asked) { return asked > 0 ? asked : tbb::this_task_arena::max_concurrency(); }

std::size_t reorder_window_bytes(const OutputLayout& layout, int threads) {
  return layout.total_size() * sizeof(double) * static_cast<std::size_t>(window_per_thread * thread_count(threads));
}

void run_replicates(const ReplicateTask& task, std::int64_t first, std::int64_t count, const RunOptions& options,
                    const ReplicateConsumer& consume) {
  const int threads = thread_count(options.threads);
  // Allow as many threads as asked for, even beyond the cores (the
  // determinism tests run 8 threads on 2 cores).
  tbb::global_control parallelism(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  tbb::task_arena arena(threads);
  std::lock_guard one_run_at_a_time(job_mutex);
  Job job;
  job.task = &task;
  job.first = first;
  job.count = count;
  job.options = &options;
  job.consume = &consume;
  job.window.resize(static_cast<std::size_t>(window_per_thread * threads));
  job.ready.assign(job.window.size(), 0);
  job.pieces = count > 0 ? task.preparation_size() : 0;
  job.prepared = job.pieces == 0;
  published_job = &job;
  CARECAST_HANDOFF_RELEASE(&published_job);
  arena.execute([threads] {
    tbb::task_group group;
    for (int worker = 0; worker < threads; ++worker) group.run(work_on_published_job);
    group.wait();
  });
  CARECAST_HANDOFF_ACQUIRE(&handed_back);
  published_job = nullptr;
  if (job.failure) std::rethrow_exception(job.failure);
}

ReplicateStore run_replicates(const ReplicateTask& task, std::int64_t first, std::int64_t count,
                              const RunOptions& options) {
  const OutputLayout& layout = task.layout();
  ReplicateStore store;
  store.first = first;
  store.count = count;
  store.arrays.resize(layout.quantities().size());
  for (std::size_t q = 0; q < store.arrays.size(); ++q) {
    store.arrays[q].assign(layout.size(q) * static_cast<std::size_t>(count), 0.0);
  }
  run_replicates(task, first, count, options, [&store](std::int64_t replicate, const ReplicateValues& values) {
    const auto slot = static_cast<std::size_t>(replicate - store.first);
    for (std::size_t q = 0; q < values.arrays.size(); ++q) {
      const auto& array = values.arrays[q];
      std::copy(array.begin(), array.end(), store.arrays[q].begin() + static_cast<std::ptrdiff_t>(slot * array.size()));
    }
  });
  return store;
}

}  // namespace carecast
