#pragma once
// The expected-value mode of the care system: the mean of what CareEngine
// simulates, computed without sampling (docs/model.md, "The expected-value
// mode"). People are masses in states (setting, self-funded or not) by
// client group, single year of age, home district and sex. Within a year
// ages are fixed and every rate is constant, so the state moves by a linear
// differential equation whose exact solution over a month is a matrix
// exponential; flows (admissions, deaths, moves) are rates times the
// month's integral of the state. Where beds are, and whether there is room,
// is worked out month by month on the expected occupancy: that part, and
// homecare supply, is an approximation of the Monte Carlo's person-by-person
// market, exact when capacity does not bind.

#include <Eigen/Dense>

#include <vector>

#include "carecast/model/care_model.h"
#include "carecast/simulation/care_year_totals.h"
#include "carecast/simulation/expected_population.h"
#include "carecast/simulation/policy.h"

namespace carecast {

class ExpectedCareEngine {
 public:
  ExpectedCareEngine(const CareModel& model, const PopulationPlan& plan);

  // The levers and demand growth in force from now on; without a call, none.
  void set_policy(const CarePolicy& policy);
  // The model's base caseload, spread over ages and sexes as the population
  // is, and the short-term support in progress at the caseload date.
  void start(const ExpectedPopulation& population);
  // One financial year; `totals` receives its expected counts.
  void run_year(int year, const ExpectedPopulation& population, CareYearTotals& totals);
  // As CareEngine::run_rate: a year of `days` days at the present caseload.
  void run_rate(int days, const ExpectedPopulation& population, CareYearTotals& totals);
  // Expected people in long-term care now.
  double long_term_count() const;

 private:
  // The solution of x' = G x + b over one month for one client group and
  // age: x(h) = P x(0) + Q b and its integral Q x(0) + R b.
  struct Propagator {
    Eigen::MatrixXd generator, step, integral, double_integral;
    // Rates a year from each (setting, self-funded) state: every way out,
    // death, care ending, and into each other state as an admission (not
    // running out of money, which keeps the place).
    std::vector<double> exit_rate, death_rate, end_rate;
    Eigen::MatrixXd admission_rate;
  };

  int block(int group, int age_offset) const { return group * ages_ + age_offset; }
  int y_state(int setting, int self_funded) const { return setting * 2 + self_funded; }
  int w_state(int tracked, int self_funded) const { return y_states_ + tracked * 2 + self_funded; }
  int column(int district, int sex) const { return district * 2 + sex; }
  // Probability that someone entering `to` from `from` (-1: newly arrived)
  // is self-funded, given they were `self_funded` before.
  double self_funded_after(int from, int self_funded, int to, int group) const;
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
  void set_inputs(const ExpectedPopulation& population, int days, CareYearTotals& totals);
  void run_month(int days, CareYearTotals& totals);
  // Sets placement_share_: where this month's placements into each setting
  // with places go, from the month's demand by [place setting][home
  // district], and the occupancy and leavers of the places by [place
  // setting][district]: the home district while it has room, then its
  // neighbours, then out of county, or no place for `wait` settings.
  void place(const std::vector<double>& demand, const std::vector<double>& occupancy, const std::vector<double>& leaving);
  double share_placed(int place_setting, int home_district, int location) const {
    return placement_share_[static_cast<std::size_t>((place_setting * districts_ + home_district) * (locations_ + 1) + location)];
  }

  const CareModel* model_;
  const PopulationPlan* plan_;
  CarePolicy policy_;
  int settings_ = 0;
  int groups_ = 0;
  int ages_ = 0;
  int districts_ = 0;
  int columns_ = 0;
  int locations_ = 0;  // districts, then out of county
  int y_states_ = 0;
  int states_ = 0;
  std::vector<int> tracked_;  // settings whose new entrants are followed: those with places, then the hours setting
  std::vector<int> tracked_of_setting_;  // position in tracked_, or -1
  int place_settings_ = 0;  // the first entries of tracked_

  std::vector<Eigen::MatrixXd> people_;  // [block]: y_states_ x columns_
  std::vector<Eigen::MatrixXd> placed_;  // [block]: 2 * place_settings_ x (columns_ * locations_), by where the place is
  std::vector<Eigen::MatrixXd> hours_;  // [block]: 2 x columns_, the sum of hours a week of people in the hours setting
  std::vector<double> short_term_carried_;  // [group][district]: episodes not followed, open now
  std::vector<double> clients_by_cell_;  // [district][sex][age]
  std::vector<double> weights_;  // scratch
  std::vector<Eigen::MatrixXd> inputs_;  // [block]: arrivals a year, states_ x columns_
  std::vector<double> placement_share_;  // [place setting][home district][location + 1 (no place)]
  std::vector<Propagator> propagators_;  // [block]
  std::vector<Eigen::MatrixXd> month_end_, month_integral_, month_entries_;  // [block]: scratch for a month
  std::vector<double> homecare_needed_;  // [district]: scratch for a month
  int propagator_days_ = 0;
  bool propagators_stale_ = true;
  bool fresh_start_ = true;
};

}  // namespace carecast
