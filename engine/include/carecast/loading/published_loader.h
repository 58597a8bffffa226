#pragma once
// Reads the published figures a model names (`published: {file: ...}`) from
// a targets file (docs/fitting.md): of each target, its name, query, value
// and source. Only the figures a run's quantity can show as they are are
// kept: a query of one quantity naming one year, without `per` or `scale`.
// The calibration reads and checks the same file in full; here the other
// keys of a target are left to it.

#include <filesystem>
#include <string>
#include <vector>

#include "carecast/model/published_figure.h"

namespace carecast {

std::vector<PublishedFigure> read_published_figures(const std::filesystem::path& file, const std::string& display_name);

}  // namespace carecast
