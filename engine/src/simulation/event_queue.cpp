#include "carecast/simulation/event_queue.h"

#include <algorithm>

namespace carecast {
namespace {

// Heap order of late events with the earliest on top; a function object, so it inlines.
struct Later {
  template <typename Late>
  bool operator()(const Late& a, const Late& b) const {
    return a.event.time != b.event.time ? b.event.time < a.event.time : b.order < a.order;
  }
};

}  // namespace

EventQueue::EventQueue(int days)
    : days_(static_cast<std::size_t>(std::max(days, 1))), last_day_(static_cast<double>(days_.size() - 1)) {}

void EventQueue::clear() {
  for (auto& day : days_) day.clear();
  late_.clear();
  next_late_order_ = 0;
  current_day_ = 0;
  current_sorted_ = false;
  next_ = 0;
  size_ = 0;
}

void EventQueue::push_late(std::size_t day, const CareEvent& event) {
  ++size_;
  if (day < current_day_) {
    // Only a caller placing events by hand goes back in time.
    unsort_current_day();
    current_day_ = day;
    days_[day].push_back(event);
    return;
  }
  late_.push_back({event, next_late_order_++});
  std::push_heap(late_.begin(), late_.end(), Later{});
}

void EventQueue::unsort_current_day() {
  if (!current_sorted_) return;
  auto& events = days_[current_day_];
  events.erase(events.begin(), events.begin() + static_cast<std::ptrdiff_t>(next_));
  // Late events were all scheduled after the list's.
  std::sort(late_.begin(), late_.end(), [](const LateEvent& a, const LateEvent& b) { return a.order < b.order; });
  for (const LateEvent& late : late_) events.push_back(late.event);
  late_.clear();
  current_sorted_ = false;
  next_ = 0;
}

void EventQueue::sort_day(std::size_t day) {
  auto& events = days_[day];
  const std::size_t count = events.size();
  if (count > 1) {
    // Buckets by time of day: a bucket never holds a later time than the
    // next, so after the counting sort (stable) only neighbours within a
    // bucket can be out of order, and insertion sort (stable too) puts them
    // right.
    const double start = static_cast<double>(day);
    const auto scale = static_cast<double>(count);
    const auto last_bucket = static_cast<std::uint32_t>(count - 1);
    bucket_starts_.assign(count + 1, 0);
    buckets_.resize(count);
    for (std::size_t i = 0; i < count; ++i) {
      const double position = (events[i].time - start) * scale;
      std::uint32_t bucket = 0;
      if (position > 0.0) bucket = position >= static_cast<double>(last_bucket) ? last_bucket : static_cast<std::uint32_t>(position);
      buckets_[i] = bucket;
      ++bucket_starts_[bucket + 1];
    }
    for (std::size_t b = 1; b <= count; ++b) bucket_starts_[b] += bucket_starts_[b - 1];
    scratch_.resize(count);
    for (std::size_t i = 0; i < count; ++i) scratch_[bucket_starts_[buckets_[i]]++] = events[i];
    for (std::size_t i = 1; i < count; ++i) {
      if (!(scratch_[i].time < scratch_[i - 1].time)) continue;
      const CareEvent moving = scratch_[i];
      std::size_t j = i;
      for (; j > 0 && moving.time < scratch_[j - 1].time; --j) scratch_[j] = scratch_[j - 1];
      scratch_[j] = moving;
    }
    events.swap(scratch_);
  }
  current_sorted_ = true;
  next_ = 0;
}

CareEvent EventQueue::pop_slowly() {
  for (;;) {
    if (!current_sorted_) sort_day(current_day_);
    if (next_ < days_[current_day_].size() || !late_.empty()) break;
    days_[current_day_].clear();
    ++current_day_;
    current_sorted_ = false;
  }
  auto& events = days_[current_day_];
  --size_;
  // At equal times the list's event goes first: it was scheduled before
  // every late one.
  if (!late_.empty() && (next_ == events.size() || late_.front().event.time < events[next_].time)) {
    std::pop_heap(late_.begin(), late_.end(), Later{});
    const CareEvent event = late_.back().event;
    late_.pop_back();
    return event;
  }
  return events[next_++];
}

}  // namespace carecast
