#pragma once
/// `--store PATH|URI` on every command that reads or writes the session store.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>
#include <string>

#include "runload/core/risk_config.h"
#include "runload/store/store.h"

namespace runload::apps {

/// Adds `--store PATH` (default: the XDG data directory) to `cmd`; `path` must outlive parsing.
void add_store_option(CLI::App* cmd, std::string& path);
/// Where recordings go when no file is named: beside a SQLite store; beside the default store (this
/// machine's data folder) when the store is a server.
std::filesystem::path recordings_dir(const std::string& store);
/// A check for a session id argument: a positive whole number, else a short reason naming the text.
std::string check_session_id(const std::string& text);
/// Opens the store (creating it) for a command that writes, or throws RuntimeError with the reason.
/// Sessions left in progress by a recording that ended abnormally are finalised first (recorded_session.h).
store::Store open_store(const std::string& path);
/// Opens an existing store read-only for a command that only reads; RuntimeError when there is none.
store::Store open_store_read_only(const std::string& path);
/// The risk/load thresholds from a `key = value` file (`--config`); defaults when `path` is empty.
/// RuntimeError naming the file and line on a bad key or value.
core::RiskConfig read_risk_config(const std::string& path);
/// The athlete named `name` exactly, else with this id, else the one name equal in any capitalisation;
/// RuntimeError otherwise, with "did you mean" when a name is one typo away.
core::Athlete require_athlete(const store::Store& s, const std::string& name);

}  // namespace runload::apps
