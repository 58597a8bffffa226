#pragma once
// The care engine's pending events of one financial year, taken in order of
// time and, for equal times, of scheduling. An event for a later day is
// appended to that day's list, touching only the list's end, so a day's list
// is in scheduling order. When a day comes, its list is sorted once by time,
// stably (equal times keep their scheduling order), in linear time: a
// counting sort on the time of day into as many buckets as events, then an
// insertion pass that only has to fix order within buckets. Events scheduled
// for the day being taken (rare: a move within hours of another) go to a
// small heap merged with the sorted list. A county year has some ten
// thousand events and a national one a million: one binary heap over them
// sifted through up to twenty levels of cold memory per event, and a
// calendar of linked lists chased pointers across the whole pool; here every
// pass over memory is sequential. The order is exactly that of one priority
// queue over (time, scheduling order).

#include <cstdint>
#include <vector>

namespace carecast {

// Sixteen bytes: a day's list is copied twice when it is sorted.
struct CareEvent {
  double time;  // days since 1 April
  int person;
  std::uint32_t version;  // the person's version when scheduled; stale if it has moved on
};

class EventQueue {
 public:
  // Lists for days 0 to `days` - 1; later times share the last day's.
  explicit EventQueue(int days = 366);

  void clear();
  bool empty() const { return size_ == 0; }
  void push(double time, int person, std::uint32_t version) {
    const std::size_t day = day_of(time);
    // The common case: a later day, or today before it is sorted.
    if (day > current_day_ || (day == current_day_ && !current_sorted_)) {
      days_[day].push_back({time, person, version});
      ++size_;
      return;
    }
    push_late(day, {time, person, version});
  }
  // Removes and returns the earliest event; the queue must not be empty.
  CareEvent pop() {
    if (current_sorted_ && late_.empty() && next_ < days_[current_day_].size()) {
      --size_;
      return days_[current_day_][next_++];
    }
    return pop_slowly();
  }
  // The person of the event `ahead` places after the next one, as far as the
  // current day's sorted list tells (late events aside), or -1: a hint for
  // fetching that person's record from memory before it is needed.
  int person_ahead(std::size_t ahead) const {
    const auto& events = days_[current_day_];
    return current_sorted_ && next_ + ahead < events.size() ? events[next_ + ahead].person : -1;
  }

 private:
  // An event scheduled for the day being taken, with its place in the
  // scheduling order among such events.
  struct LateEvent {
    CareEvent event;
    std::uint64_t order;
  };

  std::size_t day_of(double time) const {
    if (!(time > 0.0)) return 0;
    return time >= last_day_ ? days_.size() - 1 : static_cast<std::size_t>(time);
  }
  void push_late(std::size_t day, const CareEvent& event);
  CareEvent pop_slowly();
  void sort_day(std::size_t day);
  // Puts the current day's untaken events back as an unsorted list, in
  // scheduling order.
  void unsort_current_day();

  std::vector<std::vector<CareEvent>> days_;
  double last_day_;  // the last list's day: times from it on go to that list
  std::size_t current_day_ = 0;  // no event lies on an earlier day
  bool current_sorted_ = false;  // the current day's list is sorted and being taken from next_
  std::size_t next_ = 0;
  std::vector<LateEvent> late_;  // heap of events scheduled for the current day after it was sorted
  std::uint64_t next_late_order_ = 0;
  std::vector<CareEvent> scratch_;
  std::vector<std::uint32_t> bucket_starts_;
  std::vector<std::uint32_t> buckets_;  // scratch: each event's bucket
  std::size_t size_ = 0;
};

}  // namespace carecast
