#include "store/node_repository.h"

#include "store/row_helpers.h"
#include "util/try.h"

namespace ferry::core::store {

// SQLCipher 3 (Debian 12) is built on an SQLite without UPSERT: insert the row if missing,
// then add to it. The caller's transaction makes the pair atomic.
Result<void> NodeRepository::record(const NodeActivity& a) {
    auto run = [this](const char* sql, auto bindAll) -> Result<void> {
        FERRY_TRY(stmt, m_database.prepare(sql));
        bindAll(stmt);
        FERRY_CHECK(stmt.run());
        return {};
    };
    auto dayRow = run("INSERT OR IGNORE INTO node_days(day) VALUES (?)",
                      [&](Statement& s) { s.bindText(1, a.day); });
    if (!dayRow) {
        return dayRow;
    }
    auto day = run(
        "UPDATE node_days SET bytes_in = bytes_in + ?, bytes_out = bytes_out + ?, "
        "messages = messages + ?, uptime_seconds = uptime_seconds + ? WHERE day = ?",
        [&](Statement& s) {
            s.bind(1, a.bytesIn).bind(2, a.bytesOut).bind(3, a.messages).bind(4, a.uptimeSeconds);
            s.bindText(5, a.day);
        });
    if (!day || (a.bytesIn == 0 && a.bytesOut == 0)) {
        return day;
    }
    auto minuteRow = run("INSERT OR IGNORE INTO node_minutes(minute) VALUES (?)",
                         [&](Statement& s) { s.bind(1, a.minute); });
    if (!minuteRow) {
        return minuteRow;
    }
    return run("UPDATE node_minutes SET bytes_in = bytes_in + ?, bytes_out = bytes_out + ? "
               "WHERE minute = ?",
               [&](Statement& s) { s.bind(1, a.bytesIn).bind(2, a.bytesOut).bind(3, a.minute); });
}

Result<std::vector<NodeDay>> NodeRepository::days(std::string_view fromDay,
                                                  std::string_view toDay) {
    FERRY_TRY(stmt, m_database.prepare(
                        "SELECT day, bytes_in, bytes_out, messages, uptime_seconds FROM node_days "
                        "WHERE day >= ? AND day <= ? ORDER BY day"));
    stmt.bindText(1, fromDay).bindText(2, toDay);
    return collectRows<NodeDay>(stmt, [](Statement& s) -> Result<NodeDay> {
        return NodeDay{s.text(0), s.integer(1), s.integer(2), s.integer(3), s.integer(4)};
    });
}

Result<NodeDay> NodeRepository::allTime() {
    FERRY_TRY(stmt, m_database.prepare(
                        "SELECT '', IFNULL(SUM(bytes_in), 0), IFNULL(SUM(bytes_out), 0), "
                        "IFNULL(SUM(messages), 0), IFNULL(SUM(uptime_seconds), 0) FROM node_days"));
    auto rows = collectRows<NodeDay>(stmt, [](Statement& s) -> Result<NodeDay> {
        return NodeDay{{}, s.integer(1), s.integer(2), s.integer(3), s.integer(4)};
    });
    if (!rows) {
        return rows.error();
    }
    return rows->empty() ? NodeDay{} : rows->front();
}

Result<std::vector<NodeMinute>> NodeRepository::minutes(std::int64_t since) {
    FERRY_TRY(stmt, m_database.prepare("SELECT minute, bytes_in, bytes_out FROM node_minutes "
                                       "WHERE minute >= ? ORDER BY minute"));
    stmt.bind(1, since);
    return collectRows<NodeMinute>(stmt, [](Statement& s) -> Result<NodeMinute> {
        return NodeMinute{s.integer(0), s.integer(1), s.integer(2)};
    });
}

Result<void> NodeRepository::pruneMinutes(std::int64_t before) {
    FERRY_TRY(stmt, m_database.prepare("DELETE FROM node_minutes WHERE minute < ?"));
    stmt.bind(1, before);
    FERRY_CHECK(stmt.run());
    return {};
}

} // namespace ferry::core::store
