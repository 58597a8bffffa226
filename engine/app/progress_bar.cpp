#include "progress_bar.h"

#include <unistd.h>

#include <cstdio>
#include <string>

namespace carecast::app {

namespace {

std::string clock_text(double seconds) {
  const auto whole = static_cast<long long>(seconds + 0.5);
  char text[32];
  if (whole >= 3600) {
    std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", whole / 3600, whole / 60 % 60, whole % 60);
  } else {
    std::snprintf(text, sizeof text, "%lld:%02lld", whole / 60, whole % 60);
  }
  return text;
}

}  // namespace

// Replicates take about the same time each, so the time so far per replicate
// done predicts the rest; until one is done there is nothing to go on. The
// padding clears a longer text left by the previous update.
std::string ProgressBar::time_remaining(std::int64_t done, std::int64_t total) const {
  if (done == total) return "            ";
  if (done == 0) return "";
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  return ", " + clock_text(elapsed / static_cast<double>(done) * static_cast<double>(total - done)) + " left  ";
}

ProgressBar::ProgressBar(bool wanted) : enabled_(wanted && isatty(fileno(stderr)) != 0) {}

void ProgressBar::update(std::int64_t done, std::int64_t total) {
  if (!enabled_) return;
  const int percent = static_cast<int>(100 * done / total);
  if (percent == last_percent_ && done != total) return;
  last_percent_ = percent;
  constexpr int width = 40;
  const int filled = width * percent / 100;
  std::fprintf(stderr, "\r[%s%s] %3d%%  %lld/%lld replicates%s", std::string(static_cast<std::size_t>(filled), '#').c_str(),
               std::string(static_cast<std::size_t>(width - filled), ' ').c_str(), percent, static_cast<long long>(done),
               static_cast<long long>(total), time_remaining(done, total).c_str());
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
