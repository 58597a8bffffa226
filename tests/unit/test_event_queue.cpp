// The event queue gives events in exactly the order of one priority queue
// over (time, scheduling order), including ties in time, events scheduled
// for the day being processed, and busy days.

#include <catch2/catch.hpp>

#include <boost/random/uniform_01.hpp>

#include <cstdint>
#include <queue>
#include <tuple>
#include <vector>

#include "carecast/core/random.h"
#include "carecast/simulation/event_queue.h"

using namespace carecast;

namespace {

struct Reference {
  double time;
  std::uint64_t order;
  int person;
  bool operator>(const Reference& other) const { return std::tie(time, order) > std::tie(other.time, other.order); }
};

}  // namespace

TEST_CASE("the event queue pops in the order of a priority queue on (time, order)") {
  for (const int pending : {50, 30000}) {  // 30,000 put some 80 on each day
    EventQueue queue(365);
    std::priority_queue<Reference, std::vector<Reference>, std::greater<>> reference;
    RandomEngine random = make_stream(5, static_cast<std::uint64_t>(pending), StreamPurpose::care);
    boost::random::uniform_01<double> uniform;
    std::uint64_t order = 0;
    auto schedule = [&](double time) {
      // Each event's person is its scheduling order, so that ties in time
      // show whether they were taken first-scheduled first.
      const int person = static_cast<int>(order);
      queue.push(time, person, 0);
      reference.push({time, order++, person});
    };
    for (int i = 0; i < pending; ++i) {
      // Whole days give ties in time; a few land on the last day.
      const double draw = uniform(random);
      schedule(draw < 0.2 ? static_cast<double>(static_cast<int>(draw * 1000.0)) : draw * 365.0);
    }
    std::size_t popped = 0;
    double now = 0.0;
    while (!reference.empty()) {
      const Reference expected = reference.top();
      reference.pop();
      REQUIRE_FALSE(queue.empty());
      const CareEvent event = queue.pop();
      REQUIRE(event.time == expected.time);
      REQUIRE(event.person == expected.person);
      now = event.time;
      ++popped;
      // Processing schedules more: some the same instant, some later the same
      // day, some later in the year.
      if (popped % 3 == 0 && now < 364.0) schedule(now);
      if (popped % 5 == 0 && now < 364.0) schedule(now + uniform(random) * 0.01);
      if (popped % 7 == 0 && popped < static_cast<std::size_t>(pending)) schedule(now + uniform(random) * (365.0 - now));
    }
    CHECK(queue.empty());
    CHECK(popped > static_cast<std::size_t>(pending));
  }
}

TEST_CASE("an event scheduled before the current day is still taken first") {
  EventQueue queue(365);
  queue.push(100.5, 1, 0);
  queue.push(200.0, 2, 0);
  CHECK(queue.pop().person == 1);
  queue.push(50.25, 3, 0);
  CHECK(queue.pop().person == 3);
  CHECK(queue.pop().person == 2);
  CHECK(queue.empty());
}
