// Market rules on constructed occupancy.

#include <catch2/catch.hpp>

#include "care_test_support.h"
#include "carecast/market/market.h"

using namespace carecast;

TEST_CASE("choose_location prefers home, then neighbours in order, and when full out of county or wait") {
  CareModel care = testing::quiet_care_model();
  const int residential = care.setting_index("residential");
  const int supported = care.setting_index("supported_living");
  const int homecare = care.setting_index("homecare");
  care.capacity[static_cast<std::size_t>(residential)] = {1.0, 1.0};
  care.capacity[static_cast<std::size_t>(supported)] = {0.0, 1.0};
  Market market(care);
  CHECK(market.choose_location(homecare, 0) == 0);  // no places: stays at home
  CHECK(market.choose_location(residential, 0) == 0);
  market.occupy(residential, 0);
  CHECK(market.choose_location(residential, 0) == 1);
  market.occupy(residential, 1);
  CHECK(market.choose_location(residential, 0) == out_of_county);
  market.vacate(residential, 0);
  CHECK(market.choose_location(residential, 1) == 0);
  CHECK(market.choose_location(supported, 0) == 1);
  market.occupy(supported, 1);
  CHECK(market.choose_location(supported, 0) == no_place);
  market.occupy(residential, out_of_county);  // out-of-county beds are not the county's
  CHECK(market.occupied(residential, 0) == 0);
  CHECK(market.placement().may_use(0, 1));
  CHECK(market.placement().may_use(1, 1));
}
