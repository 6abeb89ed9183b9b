// runload store check | migrate — the session store's health, and moving it to a club's PostgreSQL.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "cli.h"
#include "store_options.h"

namespace runload::apps {

namespace {

void run_store_check(const std::string& path) {
  const auto s = open_store_read_only(path);
  const std::string result = s.integrity_check();
  if (result != "ok") throw RuntimeError(s.name() + " is damaged:\n" + result);
  std::cout << "ok: " << s.name() << " passes the integrity check\n";
}

struct MigrateOptions {
  std::string from;
  std::string to;
};

void run_store_migrate(const MigrateOptions& o) {
  const auto from = open_store_read_only(o.from);
  auto to = open_store(o.to);
  const auto tables = from.copy_into(to);
  if (!tables) throw RuntimeError(tables.error());
  std::cout << fmt::format("copied {} into {}\n", from.name(), to.name());
  for (const auto& t : *tables) {
    std::cout << fmt::format("  {:<13} {:>9} rows  checksum {:016x}  same in both\n", t.table, t.rows, t.checksum);
  }
}

}  // namespace

void add_store_commands(CLI::App& app) {
  CLI::App* store = app.add_subcommand("store", "Check the session store, or copy it to PostgreSQL");
  store->require_subcommand(1);
  CLI::App* cmd = store->add_subcommand("check", "Run the store's integrity check (exit 1 when damaged)");
  cmd->footer("Example: runload store check --store ~/.local/share/runload/runload.db");
  auto path = std::make_shared<std::string>();
  add_store_option(cmd, *path);
  cmd->callback([path] { run_store_check(*path); });

  CLI::App* migrate = store->add_subcommand(
      "migrate", "Copy a store, ids included, into an empty one (e.g. a SQLite file into a club's PostgreSQL), "
                 "then compare every table's row count and checksum");
  migrate->footer("Example: runload store migrate --from ~/.local/share/runload/runload.db "
                  "--to postgresql://runload@db.club.example/runload");
  auto o = std::make_shared<MigrateOptions>();
  migrate->add_option("--from", o->from, "The store to copy (SQLite file or postgresql:// URI)")->required();
  migrate->add_option("--to", o->to, "The store to fill: must hold no data (created and migrated if new)")->required();
  migrate->callback([o] { run_store_migrate(*o); });
}

}  // namespace runload::apps
