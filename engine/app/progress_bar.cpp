#include "progress_bar.h"

#include <unistd.h>

#include <cstdio>
#include <string>

namespace carecast::app {

ProgressBar::ProgressBar(bool wanted) : enabled_(wanted && isatty(fileno(stderr)) != 0) {}

void ProgressBar::update(std::int64_t done, std::int64_t total) {
  if (!enabled_) return;
  const int percent = static_cast<int>(100 * done / total);
  if (percent == last_percent_ && done != total) return;
  last_percent_ = percent;
  constexpr int width = 40;
  const int filled = width * percent / 100;
  std::fprintf(stderr, "\r[%s%s] %3d%%  %lld/%lld replicates", std::string(static_cast<std::size_t>(filled), '#').c_str(),
               std::string(static_cast<std::size_t>(width - filled), ' ').c_str(), percent, static_cast<long long>(done),
               static_cast<long long>(total));
  if (done == total) std::fprintf(stderr, "\n");
  std::fflush(stderr);
}

RunOptions run_options(int threads, ProgressBar& progress) {
  RunOptions options;
  options.threads = threads;
  options.progress = [&progress](std::int64_t done, std::int64_t total) { progress.update(done, total); };
  return options;
}

}  // namespace carecast::app
