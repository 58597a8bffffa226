#pragma once
// The expected-value mode of the care system: the mean of what CareEngine
// simulates, computed without sampling (docs/model.md, "The expected-value
// mode"), by the same rule book (simulation/care_rules.h) and placement rule
// (market/placement.h). People are masses in states by client group, single
// year of age, home district and sex: in a setting, self-funded or not; or in
// short-term support on the way to the setting chosen at their request.
// A self-funder whose capital is followed is holding capital or due to
// convert this month, and CapitalClock (simulation/capital_clock.h) keeps
// the months of capital the holding ones have left; without capital, a
// self-funder is in one state that becomes council-funded at a constant
// hazard.
// Within a year ages are fixed and every rate is constant, so the state moves
// by a linear differential equation whose exact solution over a month is a
// matrix exponential; flows (admissions, deaths, moves) are rates times the
// month's integral of the state. Where beds are, and whether there is room,
// is worked out month by month on the expected occupancy: that part, and
// homecare supply, approximates the Monte Carlo's person-by-person market,
// exact when capacity does not bind.

#include <Eigen/Dense>

#include <optional>
#include <vector>

#include "carecast/market/placement.h"
#include "carecast/model/care_model.h"
#include "carecast/simulation/capital_clock.h"
#include "carecast/simulation/care_rules.h"
#include "carecast/simulation/care_year_totals.h"
#include "carecast/simulation/expected_population.h"
#include "carecast/simulation/policy.h"
#include "carecast/simulation/unfollowed_episodes.h"

namespace carecast {

class ExpectedCareEngine {
 public:
  ExpectedCareEngine(const CareModel& model, const PopulationPlan& plan);

  // The levers and demand growth in force from now on; without a call, none.
  void set_policy(const CarePolicy& policy);
  // The model's rates multiplied by `factors` (CareRules::set_rates), for
  // the caseload's start and every year after, until set again.
  void set_rates(const std::vector<RateFactor>& factors);
  // Whether people waiting for a place take the room free at each month's
  // start before the month's entrants, as the Monte Carlo's waiting list
  // does; without, those turned away are never offered a later place (the
  // older approximation, kept for scenarios that do not ask about the market).
  void offer_places_to_waiting(bool offered) { places_offered_to_waiting_ = offered; }
  // The model's base caseload, spread over ages and sexes as the population
  // is, and the short-term support in progress at the caseload date.
  void start(const ExpectedPopulation& population);
  // One financial year; `totals` receives its expected counts.
  void run_year(int year, const ExpectedPopulation& population, CareYearTotals& totals);
  // As CareEngine::run_rate: a year of `days` days at the caseload of
  // start(), before any year is run.
  void run_rate(int days, const ExpectedPopulation& population, CareYearTotals& totals);
 private:
  // The year is solved a month at a time; every rate is per year.
  static constexpr int months = 12;
  static constexpr double month_years = 1.0 / months;

  // The solution of x' = G x + b over one month for one client group and
  // age: x(h) = P x(0) + Q b and its integral Q x(0) + R b.
  struct Propagator {
    Eigen::MatrixXd generator, step, integral, double_integral;
    // Rates a year from each state of people (settings, then short-term
    // support by where it leads): every way out, death, and care ending.
    std::vector<double> exit_rate, death_rate, end_rate;
    // Admissions: the rate into each (setting, funding) state from each
    // state of people (not running out of money, which keeps the place).
    Eigen::MatrixXd admission_rate;
  };

  // The states of one client group's blocks: (setting, funding) pairs,
  // then short-term support by the setting it leads to (council-funded),
  // then the tracked entrants (with places, then the hours setting), each
  // by funding. People are the first two parts. Funding is 0 for the
  // council, then the self-funded states: one, or where capital is followed
  // `due` (converting this month) and `holding`.
  struct GroupStates {
    std::vector<int> destinations;  // settings short-term support may lead to
    std::vector<int> destination_of_setting;  // position in destinations, or -1
    int people = 0;  // rows of people: settings, then short-term support
    int states = 0;
  };

  int block(int group, int age_offset) const { return group * ages_ + age_offset; }
  int levels(int setting) const { return levels_[static_cast<std::size_t>(setting)]; }
  int y_state(int setting, int funding) const { return y_begin_[static_cast<std::size_t>(setting)] + funding; }
  int st_state(int destination) const { return y_states_ + destination; }
  // The row of a tracked setting's funding state among the tracked rows
  // (of entrants, and of placed_ for settings with places).
  int tracked_row(int tracked, int funding) const { return tracked_begin_[static_cast<std::size_t>(tracked)] + funding; }
  int w_state(int group, int tracked, int funding) const {
    return group_states_[static_cast<std::size_t>(group)].people + tracked_row(tracked, funding);
  }
  int column(int district, int sex) const { return district * 2 + sex; }
  // The probability of each funding state of someone entering `to` at
  // `age` from `from` (-1: newly arrived; short-term support), who was in
  // funding state `funding` before, into `shares` (by funding state of `to`).
  void funding_after(int from, int funding, int to, int group, int age, std::vector<double>& shares) const;
  static constexpr int due = 1;
  static constexpr int holding = 2;
  // The rate a year at which the lowest self-funded state of `setting`
  // becomes council-funded.
  double conversion_rate(int setting) const;
  // At a month's start, the holding self-funders whose capital has a month
  // or less left become due; at its end, the clock learns where the
  // holding ones of one block went.
  void release_due_capital();
  void settle_capital(int group, int age_offset);
  // The sum over the self-funded states of `setting` of `values(row)`.
  template <typename Values>
  double self_funded_sum(int setting, Values values) const {
    double total = 0.0;
    for (int f = 1; f < levels(setting); ++f) total += values(f);
    return total;
  }
  // The capacity by district in force for `setting`: the policy's, else the model's.
  const std::vector<double>& capacity_of(int setting) const;
  void build_propagators(int days);
  // The generator and rates of one client group and age (cheap)...
  Propagator make_generator(int group, int age_offset, int days) const;
  // ...and the month's exponential and integrals (the costly part).
  void exponentiate(Propagator& propagator) const;
  void age_one_year();
  void count_clients_by_cell();
  // Expected requests a year from one district, sex and client group, and
  // their spread over ages (in weights_).
  double request_weights(const ExpectedPopulation& population, int district, int sex, int group);
  // The funding state of a caseload row's people.
  int caseload_funding(const CaseloadRow& row) const;
  // Arrivals a year into the states of one block, council or self-funded
  // as the rules say for someone new to `setting`.
  void arrive(int group, int age_offset, int district, int sex, int setting, double per_year);
  // Requests that go on to long-term care, by the setting chosen at the
  // request, into short-term support (`into` is the arrivals or the people).
  void enter_short_term(int group, int age_offset, int district, int sex, double per_year, Eigen::MatrixXd& into) const;
  void set_inputs(const ExpectedPopulation& population, int days, CareYearTotals& totals);

  // A month, in steps: every block's state carried through the month and
  // the month's placements worked out (propagate_month, place); then each
  // block settled: its entrants placed or sent home to wait, its flows,
  // nights and homecare hours counted; then homecare need against supply.
  struct BlockMonth {
    Eigen::MatrixXd admitted;  // admissions into each (setting, funding) state
    Eigen::MatrixXd placed_end, placed_integral, placed_entries;  // as placed_, by where the place is
    Eigen::MatrixXd waiting_hours;  // hours a week of those sent home to wait
    std::vector<double> stayed_home;  // [district]: council-funded homecare clients whose move found no place
    Eigen::MatrixXd turned_away;  // place_settings_ x columns_: entries that found no place and wait
    std::vector<double> sent_out_full;  // [place setting][district]: entries sent out of county as the county was full
  };
  void run_month(int days, CareYearTotals& totals);
  void propagate_month();
  void settle_block(int group, int age_offset, int days, CareYearTotals& totals);
  void settle_places(int group, int age_offset, BlockMonth& settled);
  void count_people_flows(int group, int age_offset, int days, const BlockMonth& settled, CareYearTotals& totals) const;
  void count_place_nights(int group, int age_offset, int days, const BlockMonth& settled, CareYearTotals& totals) const;
  void count_homecare(int group, int age_offset, int days, const BlockMonth& settled, CareYearTotals& totals);
  // The waiting list of a block through the month, and the placements the
  // county was too full to take. The Monte Carlo keeps a list and places
  // people from it as places free; here the month's entrants take the room
  // and those turned away wait (at home with homecare) until they die,
  // their care ends or a later move to the setting finds a place.
  void count_waiting(int group, int age_offset, const BlockMonth& settled, CareYearTotals& totals);
  // The year end's counts of people and self-funders.
  void count_year_end(CareYearTotals& totals) const;
  // The caseload's people in places, and the capital of its self-funders,
  // are kept as lists from start() until a year is run. The arrays they go
  // into, placed_ by where the place is and the capital clock, are large in
  // a model of many districts (at 150 districts 1.7 GB and 0.6 GB, several
  // seconds to fill), and a run rate at the caseload date needs neither.
  struct CaseloadPlace {
    int block, setting, funding, column, location;
    double mass;
  };
  struct CaseloadCapital {
    int block, clocked, column, age_offset;
    double mass;
  };
  // Into placed_ and the clock, made the first time.
  void settle_caseload();
  // The run rate's care days of council-funded people in places, from the list.
  void count_council_place_days(int days, CareYearTotals& totals) const;
  // Sets placement_share_: where this month's placements into each setting
  // with places go, from the month's demand by [place setting][home
  // district], and the occupancy and leavers of the places by [place
  // setting][district]: the districts tried while they have room, in the
  // placement rule's order, then out of county, or no place for `wait`
  // settings.
  // With `waiting_list`, `demand` is the people waiting, none of whom go out
  // of county by the setting's share.
  void place(const std::vector<double>& demand, const std::vector<double>& occupancy, const std::vector<double>& leaving,
             bool waiting_list = false);
  // At a month's start: people waiting take the room free, in the
  // placement rule's order, leaving homecare for the place.
  void place_waiting(CareYearTotals& totals);
  double share_placed(int place_setting, int home_district, int location) const {
    return placement_share_[static_cast<std::size_t>((place_setting * districts_ + home_district) * (locations_ + 1) + location)];
  }

  const CareModel* model_;
  const PopulationPlan* plan_;
  CareRules rules_;
  PlacementRule placement_;
  int settings_ = 0;
  int groups_ = 0;
  int ages_ = 0;
  int districts_ = 0;
  int columns_ = 0;
  int locations_ = 0;  // districts, then out of county
  int y_states_ = 0;
  std::optional<CapitalClock> clock_;  // when self-funders' capital is followed, from the first year run
  std::vector<int> clocked_settings_;  // the settings whose self-funders' capital is followed
  std::vector<int> clock_index_;  // [setting]: its position among the clock's settings, or -1
  std::vector<int> levels_;  // [setting]: funding states
  std::vector<int> y_begin_;  // [setting]: its first state
  std::vector<GroupStates> group_states_;
  std::vector<int> tracked_;  // settings whose new entrants are followed: those with places, then the hours setting
  std::vector<int> tracked_of_setting_;  // position in tracked_, or -1
  std::vector<int> tracked_begin_;  // [tracked]: its first tracked row, and the count of rows at the end
  int place_settings_ = 0;  // the first entries of tracked_
  int place_rows_ = 0;  // tracked rows of the settings with places

  std::vector<Eigen::MatrixXd> people_;  // [block]: people rows x columns_
  std::vector<Eigen::MatrixXd> placed_;  // [block]: place_rows_ x (columns_ * locations_), by where the place is; from the first year run
  std::vector<CaseloadPlace> caseload_places_;
  std::vector<CaseloadCapital> caseload_capital_;
  bool caseload_unsettled_ = true;  // the lists (empty before start()) are not yet in placed_ and the clock
  std::vector<Eigen::MatrixXd> hours_;  // [block]: funding states x columns_, the sum of hours a week of people in the hours setting
  UnfollowedEpisodes unfollowed_;
  std::vector<double> clients_by_cell_;  // [district][sex][age]
  std::vector<double> weights_;  // scratch
  std::vector<Eigen::MatrixXd> inputs_;  // [block]: arrivals a year, states x columns_
  std::vector<double> placement_share_;  // [place setting][home district][location + 1 (no place)]
  std::vector<double> full_share_;  // [place setting][home district]: the part of the out-of-county share from a full county
  std::vector<Eigen::MatrixXd> waiting_;  // [block]: place_settings_ x columns_, people waiting for a place
  std::vector<Propagator> propagators_;  // [block]
  std::vector<Eigen::MatrixXd> month_end_, month_integral_, month_entries_;  // [block]: scratch for a month
  std::vector<double> homecare_needed_;  // [district]: scratch for a month
  int propagator_days_ = 0;
  bool propagators_stale_ = true;
  bool fresh_start_ = true;
  bool places_offered_to_waiting_ = false;
};

}  // namespace carecast
