#pragma once
// Reading and writing a backtest record (model/backtest_record.h): a small
// YAML file, every key required, each checked at its line.

#include <filesystem>
#include <string>

#include "carecast/model/backtest_record.h"

namespace carecast {

BacktestRecord read_backtest_record(const std::filesystem::path& file, const std::string& display_name);
// The same from text in memory (a run file keeps the record as text).
BacktestRecord parse_backtest_record(const std::string& text, const std::string& display_name);

// The record as the YAML text read_backtest_record reads.
std::string backtest_record_text(const BacktestRecord& record);

}  // namespace carecast
