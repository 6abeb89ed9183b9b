#pragma once
/// Shared conventions of the runload command line: exit codes, errors, JSON output.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "runload/bridge/decoder.h"
#include "runload/bridge/stream_monitor.h"

namespace runload::apps {

enum ExitCode : int { kExitOk = 0, kExitRuntimeError = 1, kExitUsage = 2 };

/// A failure the user must see as one line on stderr; the command exits with kExitRuntimeError.
struct RuntimeError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Each subcommand registers its options and the function that runs it.
void add_devices_command(CLI::App& app);
void add_inspect_command(CLI::App& app);
void add_sim_command(CLI::App& app);
void add_record_command(CLI::App& app);
void add_replay_command(CLI::App& app);
void add_eval_command(CLI::App& app);
void add_demo_command(CLI::App& app);
void add_athlete_commands(CLI::App& app);
void add_shoe_commands(CLI::App& app);
void add_history_commands(CLI::App& app);
void add_import_command(CLI::App& app);
void add_session_commands(CLI::App& app);
void add_load_risk_commands(CLI::App& app);
void add_export_command(CLI::App& app);
void add_report_command(CLI::App& app);
void add_serve_command(CLI::App& app);
void add_store_commands(CLI::App& app);
void add_user_commands(CLI::App& app);
void add_team_commands(CLI::App& app);

/// The stream statistics object shared by `inspect --json` and `record --json`.
nlohmann::json stream_stats_json(std::string_view protocol, const bridge::DecoderStats& stats,
                                 const bridge::StreamMonitor& monitor);
/// The same statistics as aligned human-readable lines.
std::string stream_stats_text(const nlohmann::json& stats);

}  // namespace runload::apps
