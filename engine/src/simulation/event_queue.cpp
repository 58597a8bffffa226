#include "carecast/simulation/event_queue.h"

#include <algorithm>

namespace carecast {
namespace {

bool earlier(const CareEvent& a, const CareEvent& b) { return a.time != b.time ? a.time < b.time : a.order < b.order; }

// Heap order with the earliest on top; a function object, so it inlines.
struct Later {
  bool operator()(const CareEvent& a, const CareEvent& b) const { return earlier(b, a); }
};

}  // namespace

EventQueue::EventQueue(int days) : days_(static_cast<std::size_t>(std::max(days, 1))) {}

void EventQueue::clear() {
  for (auto& day : days_) day.clear();
  late_.clear();
  current_day_ = 0;
  current_sorted_ = false;
  next_ = 0;
  size_ = 0;
  next_order_ = 0;
}

std::size_t EventQueue::day_of(double time) const {
  if (!(time > 0.0)) return 0;
  const double last = static_cast<double>(days_.size() - 1);
  return time >= last ? days_.size() - 1 : static_cast<std::size_t>(time);
}

void EventQueue::push(double time, int person, std::uint32_t version) {
  const CareEvent event{time, next_order_++, person, version};
  ++size_;
  const std::size_t day = day_of(time);
  if (day < current_day_) {
    // Only a caller placing events by hand goes back in time.
    unsort_current_day();
    current_day_ = day;
  }
  if (day == current_day_ && current_sorted_) {
    late_.push_back(event);
    std::push_heap(late_.begin(), late_.end(), Later{});
    return;
  }
  days_[day].push_back(event);
}

void EventQueue::unsort_current_day() {
  if (!current_sorted_) return;
  auto& events = days_[current_day_];
  events.erase(events.begin(), events.begin() + static_cast<std::ptrdiff_t>(next_));
  events.insert(events.end(), late_.begin(), late_.end());
  late_.clear();
  current_sorted_ = false;
  next_ = 0;
}

void EventQueue::sort_day(std::size_t day) {
  auto& events = days_[day];
  const std::size_t count = events.size();
  if (count > 1) {
    // Buckets by time of day: a bucket never holds a later time than the
    // next, so after the counting sort only neighbours within a bucket can
    // be out of order, and insertion sort puts them right.
    const std::size_t buckets = count;
    const double start = static_cast<double>(day);
    auto bucket_of = [&](double time) {
      const double position = (time - start) * static_cast<double>(buckets);
      if (!(position > 0.0)) return std::size_t{0};
      return position >= static_cast<double>(buckets - 1) ? buckets - 1 : static_cast<std::size_t>(position);
    };
    bucket_starts_.assign(buckets + 1, 0);
    for (const CareEvent& event : events) ++bucket_starts_[bucket_of(event.time) + 1];
    for (std::size_t b = 1; b <= buckets; ++b) bucket_starts_[b] += bucket_starts_[b - 1];
    scratch_.resize(count);
    for (const CareEvent& event : events) scratch_[bucket_starts_[bucket_of(event.time)]++] = event;
    for (std::size_t i = 1; i < count; ++i) {
      const CareEvent moving = scratch_[i];
      std::size_t j = i;
      for (; j > 0 && earlier(moving, scratch_[j - 1]); --j) scratch_[j] = scratch_[j - 1];
      scratch_[j] = moving;
    }
    events.swap(scratch_);
  }
  current_sorted_ = true;
  next_ = 0;
}

CareEvent EventQueue::pop() {
  for (;;) {
    if (!current_sorted_) sort_day(current_day_);
    if (next_ < days_[current_day_].size() || !late_.empty()) break;
    days_[current_day_].clear();
    ++current_day_;
    current_sorted_ = false;
  }
  auto& events = days_[current_day_];
  --size_;
  if (!late_.empty() && (next_ == events.size() || earlier(late_.front(), events[next_]))) {
    std::pop_heap(late_.begin(), late_.end(), Later{});
    const CareEvent event = late_.back();
    late_.pop_back();
    return event;
  }
  return events[next_++];
}

}  // namespace carecast
