// runload — the command line. Each subcommand lives in its own *_command.cpp; this file only
// parses, dispatches and turns failures into exit codes (0 ok, 1 runtime error, 2 usage error).
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cmath>
#include <cstdlib>
#include <iostream>
#include <string>

#include "cli.h"
#include "terminal_text.h"
#include "version.h"

namespace {

/// Every floating-point option of every command refuses NaN and infinities with a usage error: CLI11's
/// Range lets NaN through (every comparison with it is false). Applied once, after all commands exist.
void refuse_non_finite_numbers(CLI::App& app) {
  const CLI::Validator finite(
      [](std::string& text) {
        char* end = nullptr;
        const double value = std::strtod(text.c_str(), &end);
        const bool parsed = end != text.c_str();  // anything else is the type conversion's error to give
        return parsed && !std::isfinite(value) ? "must be a finite number, not '" + text + "'" : std::string{};
      },
      "", "finite");
  for (CLI::Option* option : app.get_options()) {
    if (option->get_type_name().find("FLOAT") != std::string::npos) option->check(finite);
  }
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) refuse_non_finite_numbers(*sub);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace runload::apps;
  auto logger = spdlog::stderr_color_mt("runload");
  logger->set_pattern("runload: %^%l%$: %v");
  spdlog::set_default_logger(logger);

  CLI::App app{"runload — a running-load monitor for shoe and shank IMUs", "runload"};
  app.require_subcommand(1);
  const std::string version_line =
      "runload " + std::string(runload_version()) + " (commit " + std::string(runload_git_commit()) + ")\n";
  app.set_version_flag("--version", version_line);
  add_demo_command(app);
  add_devices_command(app);
  add_sim_command(app);
  add_record_command(app);
  add_inspect_command(app);
  add_replay_command(app);
  add_eval_command(app);
  add_athlete_commands(app);
  add_shoe_commands(app);
  add_import_command(app);
  add_history_commands(app);
  add_session_commands(app);
  add_load_risk_commands(app);
  add_export_command(app);
  add_report_command(app);
  add_serve_command(app);
  add_store_commands(app);
  add_user_commands(app);
  add_team_commands(app);
  refuse_non_finite_numbers(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return kExitOk;
  } catch (const CLI::CallForAllHelp&) {
    std::cout << app.help("", CLI::AppFormatMode::All);
    return kExitOk;
  } catch (const CLI::CallForVersion&) {
    std::cout << version_line;
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    if (argc > 1 && argv[1][0] != '-' && app.get_subcommands().empty()) {
      std::cerr << "runload: usage error: unknown command '" << argv[1] << "' (see runload --help)\n";
      return kExitUsage;
    }
    std::cerr << "runload: usage error: " << terminal_safe_text(e.what()) << " (see runload --help)\n";
    return kExitUsage;
  } catch (const RuntimeError& e) {
    std::cerr << "runload: error: " << terminal_safe_text(e.what()) << "\n";
    return kExitRuntimeError;
  } catch (const std::exception& e) {
    std::cerr << "runload: error: " << terminal_safe_text(e.what()) << "\n";
    return kExitRuntimeError;
  }
  return kExitOk;
}
