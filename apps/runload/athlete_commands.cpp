// runload athlete add|list and runload shoe add|list|retire — the people and the shoes.
#include <fmt/format.h>

#include <iostream>
#include <map>

#include "cli.h"
#include "store_options.h"
#include "terminal_text.h"

namespace runload::apps {

namespace {

struct AthleteOptions {
  std::string store, name, experience = "recreational";
  std::optional<double> mass_kg, height_m;
  bool previous_injury = false;
  bool json = false;
};

void athlete_add(const AthleteOptions& o) {
  auto s = open_store(o.store);
  core::Athlete a;
  a.name = o.name;
  a.body_mass_kg = o.mass_kg;
  a.height_m = o.height_m;
  a.experience = *core::experience_level_from_string(o.experience);
  a.previous_injury = o.previous_injury;
  const auto id = s.add_athlete(a);
  if (!id) throw RuntimeError(id.error());
  std::cout << "added athlete " << *id << " " << a.name << "\n";
}

void athlete_list(const AthleteOptions& o) {
  const auto s = open_store_read_only(o.store);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& a : s.athletes()) {
    out.push_back({{"id", a.id},
                   {"name", a.name},
                   {"body_mass_kg", a.body_mass_kg ? nlohmann::json(*a.body_mass_kg) : nlohmann::json(nullptr)},
                   {"experience", core::to_string(a.experience)},
                   {"previous_injury", a.previous_injury},
                   {"sessions", s.sessions(a.id).size()}});
  }
  if (o.json) {
    std::cout << nlohmann::json{{"athletes", out}}.dump(2) << "\n";
    return;
  }
  if (out.empty()) std::cout << "no athletes yet (runload athlete add --name NAME)\n";
  for (const auto& a : out) {
    std::cout << fmt::format("{:>4}  {:<24} {:>8}  {:<12} {:>5} sessions{}\n", a["id"].get<std::int64_t>(),
                             terminal_safe(a["name"].get<std::string>()),
                             a["body_mass_kg"].is_null() ? std::string("-") : fmt::format("{:.1f} kg", a["body_mass_kg"].get<double>()),
                             a["experience"].get<std::string>(), a["sessions"].get<std::size_t>(),
                             a["previous_injury"].get<bool>() ? ", previous injury" : "");
  }
}

struct AthleteEditOptions {
  std::string store, athlete, name, experience;
  std::optional<double> mass_kg, height_m;
  std::optional<bool> previous_injury;
  bool yes = false;
};

void athlete_edit(const AthleteEditOptions& o) {
  auto s = open_store(o.store);
  core::Athlete a = require_athlete(s, o.athlete);
  if (!o.name.empty()) a.name = o.name;
  if (o.mass_kg) a.body_mass_kg = o.mass_kg;
  if (o.height_m) a.height_m = o.height_m;
  if (!o.experience.empty()) a.experience = *core::experience_level_from_string(o.experience);
  if (o.previous_injury) a.previous_injury = *o.previous_injury;
  if (auto r = s.update_athlete(a); !r) throw RuntimeError(r.error());
  std::cout << "updated athlete " << a.id << " " << terminal_safe(a.name) << "\n";
}

void athlete_delete(const AthleteEditOptions& o) {
  auto s = open_store(o.store);
  const core::Athlete a = require_athlete(s, o.athlete);
  const std::size_t sessions = s.sessions(a.id).size();
  if (!o.yes) {
    throw CLI::ValidationError("athlete delete", "this deletes " + terminal_safe(a.name) + " with " + std::to_string(sessions) +
                                                     " sessions, shoes and symptom entries; add --yes to confirm");
  }
  if (auto r = s.delete_athlete(a.id); !r) throw RuntimeError(r.error());
  std::cout << "deleted athlete " << a.id << " " << terminal_safe(a.name) << " and " << sessions << " sessions\n";
}

struct ShoeOptions {
  std::string store, athlete, name, first_use, on;
  double budget_km = core::kDefaultShoeBudgetKm;
  double initial_km = 0;
  bool json = false;
};

core::Date date_or_today(const std::string& text, const char* what) {
  if (text.empty()) return std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const auto d = core::parse_iso_date(text);
  if (!d) throw CLI::ValidationError(what, "'" + text + "' is not a date (YYYY-MM-DD)");
  return *d;
}

void shoe_add(const ShoeOptions& o) {
  auto s = open_store(o.store);
  const auto a = require_athlete(s, o.athlete);
  core::Shoe shoe;
  shoe.athlete_id = a.id;
  shoe.name = o.name;
  if (!o.first_use.empty()) shoe.first_use = date_or_today(o.first_use, "--first-use");
  shoe.budget_km = o.budget_km;
  shoe.initial_km = o.initial_km;
  const auto id = s.add_shoe(shoe);
  if (!id) throw RuntimeError(id.error());
  std::cout << "added shoe " << *id << " " << shoe.name << " for " << a.name << "\n";
}

void shoe_list(const ShoeOptions& o) {
  const auto s = open_store_read_only(o.store);
  const auto a = require_athlete(s, o.athlete);
  std::map<std::int64_t, double> km;
  for (const auto& x : s.sessions(a.id)) {
    if (x.session.shoe_id) km[*x.session.shoe_id] += x.session.distance_m / 1000.0;
  }
  nlohmann::json out = nlohmann::json::array();
  for (const auto& shoe : s.shoes(a.id)) {
    const double total_km = shoe.initial_km + km[shoe.id];
    out.push_back({{"id", shoe.id},
                   {"name", shoe.name},
                   {"distance_m", total_km * 1000.0},
                   {"budget_m", shoe.budget_km * 1000.0},
                   {"budget_used_pct", 100.0 * total_km / shoe.budget_km},
                   {"retired", shoe.retired}});
  }
  if (o.json) {
    std::cout << nlohmann::json{{"athlete", a.name}, {"shoes", out}}.dump(2) << "\n";
    return;
  }
  if (out.empty()) std::cout << "no shoes for " << terminal_safe(a.name) << "\n";
  for (const auto& x : out) {
    std::cout << fmt::format("{:>4}  {:<24} {:>7.1f} / {:.0f} km ({:.0f} %){}\n", x["id"].get<std::int64_t>(),
                             terminal_safe(x["name"].get<std::string>()), x["distance_m"].get<double>() / 1000.0, x["budget_m"].get<double>() / 1000.0,
                             x["budget_used_pct"].get<double>(), x["retired"].get<bool>() ? "  retired" : "");
  }
}

void shoe_retire(const ShoeOptions& o) {
  auto s = open_store(o.store);
  const auto a = require_athlete(s, o.athlete);
  const auto shoe = s.find_shoe(a.id, o.name);
  if (!shoe) throw RuntimeError("no shoe named '" + o.name + "' for " + a.name);
  if (auto r = s.retire_shoe(shoe->id, date_or_today(o.on, "--on")); !r) throw RuntimeError(r.error());
  std::cout << "retired " << o.name << "\n";
}

}  // namespace

void add_athlete_commands(CLI::App& app) {
  CLI::App* athlete = app.add_subcommand("athlete", "Add, list, edit or delete athletes");
  athlete->require_subcommand(1);
  {
    auto o = std::make_shared<AthleteOptions>();
    CLI::App* cmd = athlete->add_subcommand("add", "Add an athlete");
    cmd->footer("Example: runload athlete add --name \"Ana Costa\" --mass-kg 61.5 --experience novice");
    add_store_option(cmd, o->store);
    cmd->add_option("--name", o->name, "Unique name")->required()->check(check_name);
    cmd->add_option("--mass-kg", o->mass_kg, "Body mass, kg")->check(CLI::Range(20.0, 300.0));
    cmd->add_option("--height-m", o->height_m, "Height, m")->check(CLI::Range(0.8, 2.6));
    cmd->add_option("--experience", o->experience, "novice, recreational or experienced")
        ->check(CLI::IsMember({"novice", "recreational", "experienced"}))->capture_default_str();
    cmd->add_flag("--previous-injury", o->previous_injury, "Had a running injury before");
    cmd->callback([o] { athlete_add(*o); });
  }
  {
    auto o = std::make_shared<AthleteOptions>();
    CLI::App* cmd = athlete->add_subcommand("list", "List athletes");
    cmd->footer("Example: runload athlete list --json");
    add_store_option(cmd, o->store);
    cmd->add_flag("--json", o->json, "Print JSON");
    cmd->callback([o] { athlete_list(*o); });
  }
  {
    auto o = std::make_shared<AthleteEditOptions>();
    CLI::App* cmd = athlete->add_subcommand("edit", "Change an athlete's name, body mass, height, experience or injury history");
    cmd->footer("Example: runload athlete edit ana --mass-kg 60 --name \"Ana Costa\"   (name in any capitalisation, or the id)");
    add_store_option(cmd, o->store);
    cmd->add_option("athlete", o->athlete, "Athlete name or id")->required();
    cmd->add_option("--name", o->name, "New unique name")->check(check_name);
    cmd->add_option("--mass-kg", o->mass_kg, "Body mass, kg")->check(CLI::Range(20.0, 300.0));
    cmd->add_option("--height-m", o->height_m, "Height, m")->check(CLI::Range(0.8, 2.6));
    cmd->add_option("--experience", o->experience, "novice, recreational or experienced")
        ->check(CLI::IsMember({"novice", "recreational", "experienced"}));
    cmd->add_option("--previous-injury", o->previous_injury, "Had a running injury before: true or false");
    cmd->callback([o] { athlete_edit(*o); });
  }
  {
    auto o = std::make_shared<AthleteEditOptions>();
    CLI::App* cmd = athlete->add_subcommand("delete", "Delete an athlete with all their sessions, shoes and symptom entries");
    cmd->footer("Example: runload athlete delete \"Ana Costa\" --yes");
    add_store_option(cmd, o->store);
    cmd->add_option("athlete", o->athlete, "Athlete name or id")->required();
    cmd->add_flag("--yes", o->yes, "Confirm the deletion");
    cmd->callback([o] { athlete_delete(*o); });
  }
}

void add_shoe_commands(CLI::App& app) {
  CLI::App* shoe = app.add_subcommand("shoe", "Add, list or retire shoes");
  shoe->require_subcommand(1);
  {
    auto o = std::make_shared<ShoeOptions>();
    CLI::App* cmd = shoe->add_subcommand("add", "Add a shoe");
    cmd->footer("Example: runload shoe add --athlete Ana --name \"Pegasus 41\" --budget-km 700");
    add_store_option(cmd, o->store);
    cmd->add_option("--athlete", o->athlete, "Athlete name")->required();
    cmd->add_option("--name", o->name, "Shoe name")->required()->check(refuse_control_characters);
    cmd->add_option("--budget-km", o->budget_km, "Distance before replacement, km")->check(CLI::Range(50.0, 5000.0))->capture_default_str();
    cmd->add_option("--initial-km", o->initial_km, "Distance already on the shoe, km")->check(CLI::Range(0.0, 5000.0));
    cmd->add_option("--first-use", o->first_use, "First use (YYYY-MM-DD)");
    cmd->callback([o] { shoe_add(*o); });
  }
  {
    auto o = std::make_shared<ShoeOptions>();
    CLI::App* cmd = shoe->add_subcommand("list", "List an athlete's shoes with km vs budget");
    cmd->footer("Example: runload shoe list --athlete Ana");
    add_store_option(cmd, o->store);
    cmd->add_option("--athlete", o->athlete, "Athlete name")->required();
    cmd->add_flag("--json", o->json, "Print JSON");
    cmd->callback([o] { shoe_list(*o); });
  }
  {
    auto o = std::make_shared<ShoeOptions>();
    CLI::App* cmd = shoe->add_subcommand("retire", "Retire a shoe");
    cmd->footer("Example: runload shoe retire --athlete Ana --name \"Pegasus 41\"");
    add_store_option(cmd, o->store);
    cmd->add_option("--athlete", o->athlete, "Athlete name")->required();
    cmd->add_option("--name", o->name, "Shoe name")->required();
    cmd->add_option("--on", o->on, "Retirement date (default today)");
    cmd->callback([o] { shoe_retire(*o); });
  }
}

}  // namespace runload::apps
