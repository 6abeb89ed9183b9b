// Store::copy_into: a whole store from one engine to the other, checked row for row.
#include <charconv>
#include <cmath>

#include "schema.h"
#include "store_impl.h"

namespace runload::store {
namespace {

/// FNV-1a, 64 bits: a checksum to compare copies, not a defence against tampering.
class Fnv1a {
 public:
  void add(std::string_view bytes) {
    for (const char c : bytes) {
      hash_ ^= static_cast<unsigned char>(c);
      hash_ *= 0x100000001b3ULL;
    }
  }
  std::uint64_t value() const { return hash_; }

 private:
  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

/// One row's checksum over its values in a form both engines give alike: a number as its shortest exact
/// decimal text (a whole real as an integer), text with its length, NULL as a mark of its own.
std::uint64_t row_checksum(const sql::Statement& row) {
  Fnv1a hash;
  for (int c = 0; c < row.column_count(); ++c) {
    char buffer[40];
    std::to_chars_result number{buffer, std::errc()};
    switch (row.kind(c)) {
      case sql::ValueKind::kNull:
        hash.add(std::string_view("\x01N", 2));
        continue;
      case sql::ValueKind::kInteger:
        number = std::to_chars(buffer, buffer + sizeof buffer, row.int64(c));
        break;
      case sql::ValueKind::kReal: {
        const double x = row.real(c);
        number = std::abs(x) < 9.0e15 && x == std::trunc(x)
                     ? std::to_chars(buffer, buffer + sizeof buffer, static_cast<std::int64_t>(x))
                     : std::to_chars(buffer, buffer + sizeof buffer, x);
        break;
      }
      case sql::ValueKind::kText: {
        const std::string text = row.text(c);
        hash.add("\x02");
        hash.add(std::to_string(text.size()));
        hash.add(":");
        hash.add(text);
        continue;
      }
    }
    hash.add("\x03");
    hash.add(std::string_view(buffer, static_cast<std::size_t>(number.ptr - buffer)));
  }
  return hash.value();
}

tl::expected<std::vector<Store::TableDigest>, std::string> digests_of(sql::Connection& db) {
  std::vector<Store::TableDigest> out;
  for (const std::string_view table : kTables) {
    Store::TableDigest d{std::string(table), 0, 0};
    sql::Statement rows(db, "SELECT * FROM " + d.table);
    while (rows.step()) {
      ++d.rows;
      d.checksum += row_checksum(rows);  // a sum: the same whatever order the engine returns rows in
    }
    if (!rows.error().empty()) return tl::unexpected("cannot read " + d.table + " of " + db.name() + ": " + rows.error());
    out.push_back(std::move(d));
  }
  return out;
}

/// Copies the rows of `table`; the number copied, or why not.
tl::expected<std::int64_t, std::string> copy_table(sql::Connection& from, sql::Connection& to, const std::string& table) {
  sql::Statement rows(from, "SELECT * FROM " + table);
  std::optional<sql::Statement> insert;
  std::int64_t copied = 0;
  while (rows.step()) {
    if (!insert) {
      std::string columns, values;
      for (int c = 0; c < rows.column_count(); ++c) {
        columns += (c > 0 ? ", " : "") + rows.column_name(c);
        values += c > 0 ? ",?" : "?";
      }
      insert.emplace(to, "INSERT INTO " + table + " (" + columns + ") VALUES (" + values + ")");
    }
    insert->reset();
    for (int c = 0; c < rows.column_count(); ++c) {
      switch (rows.kind(c)) {
        case sql::ValueKind::kNull: insert->bind(c + 1, std::nullopt); break;
        case sql::ValueKind::kInteger: insert->bind(c + 1, rows.int64(c)); break;
        case sql::ValueKind::kReal: insert->bind(c + 1, rows.real(c)); break;
        case sql::ValueKind::kText: insert->bind(c + 1, rows.text(c)); break;
      }
    }
    if (!insert->run()) return tl::unexpected("cannot copy a row of " + table + ": " + insert->error());
    ++copied;
  }
  if (!rows.error().empty()) return tl::unexpected("cannot read " + table + " of " + from.name() + ": " + rows.error());
  return copied;
}

}  // namespace

tl::expected<std::vector<Store::TableDigest>, std::string> Store::copy_into(Store& target) const {
  sql::Connection& from = *impl_->db;
  sql::Connection& to = *target.impl_->db;
  const std::string what = "cannot copy " + from.name() + " into " + to.name() + ": ";
  const auto before = digests_of(to);
  if (!before) return tl::unexpected(what + before.error());
  for (const auto& d : *before) {
    if (d.rows > 0) return tl::unexpected(what + "it already holds data (" + d.table + ": " + std::to_string(d.rows) + " rows)");
  }
  {
    sql::Transaction tx(to);
    if (!tx.error().empty()) return tl::unexpected(what + tx.error());
    for (const std::string_view table : kTables) {
      const auto copied = copy_table(from, to, std::string(table));
      if (!copied) return tl::unexpected(what + copied.error());
      if (auto error = to.continue_ids_after_copy(table); !error.empty()) return tl::unexpected(what + error);
    }
    if (!tx.commit()) return tl::unexpected(what + tx.error());
  }
  const auto source = digests_of(from);
  if (!source) return tl::unexpected(source.error());
  const auto copy = digests_of(to);
  if (!copy) return tl::unexpected(copy.error());
  for (std::size_t i = 0; i < source->size(); ++i) {
    if ((*source)[i] != (*copy)[i]) {
      return tl::unexpected("the copy differs from " + from.name() + " in " + (*source)[i].table + " (" +
                            std::to_string((*source)[i].rows) + " rows, " + std::to_string((*copy)[i].rows) + " copied)");
    }
  }
  return copy;
}

}  // namespace runload::store
