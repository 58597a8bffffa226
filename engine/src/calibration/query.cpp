#include "carecast/calibration/query.h"

#include <algorithm>

#include "carecast/loading/config_reader.h"

namespace carecast {
namespace {

std::string listed(const std::vector<std::string>& names) {
  std::string text;
  for (std::size_t k = 0; k < names.size(); ++k) text += (k == 0 ? "" : ", ") + names[k];
  return text;
}

InputError not_known(const std::string& context, const std::string& what, const std::string& given,
                     const std::vector<std::string>& known) {
  const std::string near = closest_match(given, known);
  return InputError(context + ": " + what + " " + quote_input(given) + " is not in this model's runs" +
                    (near.empty() ? "; it has " + listed(known) : "; did you mean " + quote_input(near) + "?"));
}

// `outside` is set to why a year asked for is not simulated.
ResolvedQuery::Term resolve_term(const TargetQuery::Term& term, const OutputLayout& layout, const std::string& context,
                                 std::string& outside) {
  std::vector<std::string> quantities;
  for (const Quantity& quantity : layout.quantities()) quantities.push_back(quantity.name);
  if (!layout.has_quantity(term.quantity)) throw not_known(context, "quantity", term.quantity, quantities);
  ResolvedQuery::Term resolved;
  resolved.quantity = layout.quantity_index(term.quantity);
  const Quantity& quantity = layout.quantities()[resolved.quantity];
  resolved.shape = layout.shape(resolved.quantity);
  for (const auto& chosen : term.where) {
    if (std::find(quantity.dimensions.begin(), quantity.dimensions.end(), chosen.dimension) == quantity.dimensions.end()) {
      throw not_known(context, term.quantity + " has no dimension", chosen.dimension, quantity.dimensions);
    }
  }
  for (const std::string& name : quantity.dimensions) {
    const Dimension& dimension = layout.dimension(name);
    std::vector<std::size_t> indices;
    const auto chosen = std::find_if(term.where.begin(), term.where.end(), [&](const auto& s) { return s.dimension == name; });
    if (chosen == term.where.end()) {
      for (std::size_t k = 0; k < dimension.size(); ++k) indices.push_back(k);
    } else {
      for (const std::string& value : chosen->values) {
        if (dimension.numeric()) {
          const auto found = std::find_if(dimension.numbers.begin(), dimension.numbers.end(),
                                          [&](std::int64_t number) { return std::to_string(number) == value; });
          if (found == dimension.numbers.end()) {
            outside = name + " " + value + " is not simulated (the run covers " + std::to_string(dimension.numbers.front()) +
                      " to " + std::to_string(dimension.numbers.back()) + ")";
            continue;
          }
          indices.push_back(static_cast<std::size_t>(found - dimension.numbers.begin()));
        } else {
          const auto found = std::find(dimension.labels.begin(), dimension.labels.end(), value);
          if (found == dimension.labels.end()) throw not_known(context, name, value, dimension.labels);
          indices.push_back(static_cast<std::size_t>(found - dimension.labels.begin()));
        }
      }
    }
    resolved.selected.push_back(std::move(indices));
  }
  return resolved;
}

// The sum of a term's selected cells of `cells`, the values of its quantity.
double sum_selected(const ResolvedQuery::Term& term, const double* cells) {
  const std::size_t dimensions = term.shape.size();
  // Every combination of the selected indices, odometer-wise.
  std::vector<std::size_t> position(dimensions, 0);
  for (const auto& indices : term.selected) {
    if (indices.empty()) return 0.0;
  }
  double total = 0.0;
  while (true) {
    std::size_t flat = 0;
    for (std::size_t d = 0; d < dimensions; ++d) flat = flat * term.shape[d] + term.selected[d][position[d]];
    total += cells[flat];
    std::size_t d = dimensions;
    while (d > 0) {
      --d;
      if (++position[d] < term.selected[d].size()) break;
      position[d] = 0;
      if (d == 0) return total;
    }
    if (dimensions == 0) return total;
  }
}

}  // namespace

ResolvedQuery resolve_query(const TargetQuery& query, const OutputLayout& layout, const std::string& context) {
  ResolvedQuery resolved;
  for (const TargetQuery::Term& term : query.terms) resolved.terms.push_back(resolve_term(term, layout, context, resolved.outside));
  return resolved;
}

double evaluate_query(const ResolvedQuery& query, const ReplicateValues& values) {
  double total = 0.0;
  for (const ResolvedQuery::Term& term : query.terms) total += sum_selected(term, values.arrays[term.quantity].data());
  return total;
}

double evaluate_query(const ResolvedQuery& query, const ReplicateStore& store, std::int64_t replicate) {
  double total = 0.0;
  for (const ResolvedQuery::Term& term : query.terms) {
    std::size_t cells = 1;
    for (const std::size_t size : term.shape) cells *= size;
    total += sum_selected(term, store.replicate_values(term.quantity, replicate, cells));
  }
  return total;
}

ResolvedTarget resolve_target(const PublishedTarget& target, const OutputLayout& layout, const std::string& context) {
  ResolvedTarget resolved;
  resolved.target = &target;
  resolved.year = latest_year(target.query);
  resolved.query = resolve_query(target.query, layout, context + ".query");
  if (target.per) resolved.per = resolve_query(*target.per, layout, context + ".per");
  resolved.outside = !resolved.query.outside.empty() ? resolved.query.outside : resolved.per ? resolved.per->outside : "";
  return resolved;
}

}  // namespace carecast
