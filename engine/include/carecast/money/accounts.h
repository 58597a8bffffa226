#pragma once
// Spending from volumes: a year's care days, homecare hours and short-term
// episodes priced at that year's prices and at the year before's, less
// client contributions and other income (a share of gross by budget line,
// or an amount a week per client by setting), so that
// the change in spending splits exactly into price (pay and contract
// inflation) and volume (demand), as the council's Medium Term Financial
// Plan bridge does (003_2f31bcd0cc11b4b0.txt lines 294-307).

#include <vector>

#include "carecast/model/model.h"
#include "carecast/money/prices.h"
#include "carecast/simulation/care_year_totals.h"

namespace carecast {

// One year's money by budget line (and by setting and district for gross
// spending), at two sets of prices.
struct YearMoney {
  int lines = 0;
  int settings = 0;
  int districts = 0;
  std::vector<double> gross;  // [line][setting][district], this year's prices
  std::vector<double> income;  // [line][setting][district], this year's prices
  // Gross less income plus the named costs outside care packages,
  // [line][index: pay, contract, none], at last year's prices and at this year's.
  std::vector<double> net_by_index_last;
  std::vector<double> net_by_index;
  // [line][district], this year's prices: the premium paid on homecare
  // hours bought because the workforce could not supply them (in gross too)
  std::vector<double> homecare_premium;
  std::vector<double> other_costs;  // [line]: the named costs outside care packages (in net_by_index too), this year's prices
  std::vector<double> other_costs_last;  // [line], last year's prices
  // [line]: the base year's unexplained net budget moved by contract prices
  // (0 unless the scenario reconciles its base year)
  std::vector<double> unreconciled;
  std::vector<double> unreconciled_last;

  std::size_t at(int line, int setting, int district) const {
    return (static_cast<std::size_t>(line) * static_cast<std::size_t>(settings) + static_cast<std::size_t>(setting)) *
               static_cast<std::size_t>(districts) +
           static_cast<std::size_t>(district);
  }
};

class Accounts {
 public:
  Accounts(const Model& model, const MoneyAssumptions& assumptions, const PriceBook& prices);

  // Prices `volumes` (a simulated year, or a run rate) at `year`'s prices and
  // at year-1's.
  void price(int year, const CareYearTotals& volumes, YearMoney& money) const;


 private:
  const Model* model_;
  const MoneyAssumptions* assumptions_;
  const PriceBook* prices_;
};

}  // namespace carecast
