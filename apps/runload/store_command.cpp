// runload store check — SQLite's integrity check over the session store: "ok" or what is damaged.
#include <iostream>
#include <memory>

#include "cli.h"
#include "store_options.h"

namespace runload::apps {

namespace {

void run_store_check(const std::string& path) {
  const auto s = open_store_read_only(path);
  const std::string result = s.integrity_check();
  if (result != "ok") throw RuntimeError(path + " is damaged:\n" + result);
  std::cout << "ok: " << path << " passes SQLite's integrity check\n";
}

}  // namespace

void add_store_commands(CLI::App& app) {
  CLI::App* store = app.add_subcommand("store", "Check the session store");
  store->require_subcommand(1);
  CLI::App* cmd = store->add_subcommand("check", "Run SQLite's integrity check on the store (exit 1 when damaged)");
  cmd->footer("Example: runload store check --store ~/.local/share/runload/runload.db");
  auto path = std::make_shared<std::string>();
  add_store_option(cmd, *path);
  cmd->callback([path] { run_store_check(*path); });
}

}  // namespace runload::apps
