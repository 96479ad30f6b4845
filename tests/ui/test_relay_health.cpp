// The words for a contact's relays: relayHealth, queueStateText and relayDetailsText on
// queues written by hand, one case each (no engine). Times are local; the German locale
// makes the short time format "HH:mm" whatever the machine's locale is.
#include "ui/relay_health_text.h"
#include "util/base64.h"

#include <QLocale>
#include <QtTest>

using namespace ferry;
using namespace ferry::ui;
using Level = RelayHealth::Level;

namespace {

QString relayAddress(const char* host, std::uint8_t key) {
    return QStringLiteral("smp://%1@%2:5223")
        .arg(QString::fromStdString(core::base64UrlEncode(core::Bytes(32, key))),
             QString::fromLatin1(host));
}

const QString kFirst = relayAddress("relay-one.example.org", 1);
const QString kSecond = relayAddress("relay-two.example.net", 2);
const QString kThird = relayAddress("relay-three.example.com", 3);

QDateTime today(int hour, int minute) {
    return QDateTime(QDate::currentDate(), QTime(hour, minute));
}

ContactQueueItem receiving(const QString& relay, QueueStatus status, bool connected,
                           QDateTime downSince = {}) {
    ContactQueueItem q;
    q.direction = QueueDirection::Receive;
    q.relay = relay;
    q.status = status;
    q.relayConnected = connected;
    q.downSince = downSince;
    return q;
}

ContactQueueItem sending(const QString& relay, QueueStatus status, qint64 waiting = 0,
                         const QString& lastError = {}) {
    ContactQueueItem q;
    q.direction = QueueDirection::Send;
    q.relay = relay;
    q.status = status;
    q.waiting = waiting;
    q.lastError = lastError;
    return q;
}

} // namespace

class TestRelayHealth : public QObject {
    Q_OBJECT

    QDateTime m_now;

private slots:
    void initTestCase() {
        QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
        // Late enough in the day for every "today" below to be in the past.
        m_now = today(23, 30);
    }

    void noQueuesSaysNothing() {
        QVERIFY(relayHealth({}, m_now).text.isEmpty());
        // Moved away only: nothing carries the conversation that could be described.
        QVERIFY(
            relayHealth({receiving(kFirst, QueueStatus::Draining, false)}, m_now).text.isEmpty());
    }

    void twoConnectedRelaysAreFine() {
        const auto health = relayHealth({receiving(kFirst, QueueStatus::Active, true),
                                         receiving(kSecond, QueueStatus::Active, true),
                                         sending(kFirst, QueueStatus::Active),
                                         sending(kSecond, QueueStatus::Secured)},
                                        m_now);
        QCOMPARE(health.text, QStringLiteral("Both relays fine"));
        QCOMPARE(health.level, Level::Fine);
    }

    void aQueueMovedAwayDoesNotCount() {
        // After a move: the old queue drains until its relay answers, down or not.
        const auto health =
            relayHealth({receiving(kFirst, QueueStatus::Active, true),
                         receiving(kSecond, QueueStatus::Active, true),
                         receiving(kThird, QueueStatus::Draining, false, today(9, 15))},
                        m_now);
        QCOMPARE(health.text, QStringLiteral("Both relays fine"));
        QCOMPARE(health.level, Level::Fine);
    }

    void oneRelayWhenNoSecondIsAvailable() {
        const QList<ContactQueueItem> queues{receiving(kFirst, QueueStatus::Active, true),
                                             sending(kFirst, QueueStatus::Active)};
        const auto health = relayHealth(queues, m_now);
        QCOMPARE(health.text, QStringLiteral("One relay"));
        QCOMPARE(health.level, Level::Fine);
        // The details say why there is only one.
        QVERIFY(relayDetailsText(queues, m_now).contains(QStringLiteral("second relay")));
    }

    void suspendedRelayDownIsBeingReplaced() {
        const auto health =
            relayHealth({receiving(kFirst, QueueStatus::Active, true),
                         receiving(kSecond, QueueStatus::Suspended, false, today(14, 2)),
                         receiving(kThird, QueueStatus::Confirmed, true)},
                        m_now);
        QCOMPARE(health.text, QStringLiteral("One relay down since 14:02, moving to another"));
        QCOMPARE(health.level, Level::Changing);
    }

    void downSinceAnotherDayShowsTheDate() {
        const QDateTime down(QDate::currentDate().addDays(-1), QTime(14, 2));
        const auto health = relayHealth({receiving(kFirst, QueueStatus::Active, true),
                                         receiving(kSecond, QueueStatus::Suspended, false, down)},
                                        m_now);
        QCOMPARE(health.text, QStringLiteral("One relay down since %1 14:02, moving to another")
                                  .arg(down.date().toString(QStringLiteral("dd.MM.yy"))));
    }

    void onlyRelayDownIsTrouble() {
        const auto health =
            relayHealth({receiving(kFirst, QueueStatus::Suspended, false, today(14, 2)),
                         receiving(kSecond, QueueStatus::New, false)},
                        m_now);
        QCOMPARE(health.text, QStringLiteral("Relay down since 14:02, moving to another"));
        QCOMPARE(health.level, Level::Trouble);
    }

    void movingByRequest() {
        // The user asked (or the relay lost the queue): suspended without being down.
        const auto health = relayHealth({receiving(kFirst, QueueStatus::Suspended, true),
                                         receiving(kSecond, QueueStatus::Suspended, true),
                                         receiving(kThird, QueueStatus::New, false)},
                                        m_now);
        QCOMPARE(health.text, QStringLiteral("Moving to other relays"));
        QCOMPARE(health.level, Level::Changing);
    }

    void secondRelayBeingSetUp() {
        for (const auto& second :
             {receiving(kSecond, QueueStatus::Confirmed, true),
              receiving(kSecond, QueueStatus::New, false), sending(kSecond, QueueStatus::New)}) {
            const auto health =
                relayHealth({receiving(kFirst, QueueStatus::Active, true), second}, m_now);
            QCOMPARE(health.text, QStringLiteral("Setting up a second relay"));
            QCOMPARE(health.level, Level::Changing);
        }
    }

    void oneOfTwoRelaysDown() {
        const auto down =
            relayHealth({receiving(kFirst, QueueStatus::Active, true),
                         receiving(kSecond, QueueStatus::Active, false, today(14, 2))},
                        m_now);
        QCOMPARE(down.text, QStringLiteral("One relay down since 14:02"));
        QCOMPARE(down.level, Level::Changing);
        const auto connecting = relayHealth({receiving(kFirst, QueueStatus::Active, true),
                                             receiving(kSecond, QueueStatus::Active, false)},
                                            m_now);
        QCOMPARE(connecting.text, QStringLiteral("One relay connecting…"));
    }

    void noRelayConnected() {
        const auto both =
            relayHealth({receiving(kFirst, QueueStatus::Active, false, today(14, 2)),
                         receiving(kSecond, QueueStatus::Active, false, today(13, 40))},
                        m_now);
        QCOMPARE(both.text, QStringLiteral("Relays unreachable since 13:40"));
        QCOMPARE(both.level, Level::Trouble);
        const auto one =
            relayHealth({receiving(kFirst, QueueStatus::Active, false, today(14, 2))}, m_now);
        QCOMPARE(one.text, QStringLiteral("Relay unreachable since 14:02"));
        QCOMPARE(one.level, Level::Trouble);
        // Not down, just not up yet (the app has just started).
        const auto starting = relayHealth({receiving(kFirst, QueueStatus::Active, false),
                                           receiving(kSecond, QueueStatus::Active, false)},
                                          m_now);
        QCOMPARE(starting.text, QStringLiteral("Connecting to the relays…"));
        QCOMPARE(starting.level, Level::Changing);
    }

    void queueStateWords() {
        QCOMPARE(queueStateText(receiving(kFirst, QueueStatus::Active, true), m_now),
                 QStringLiteral("connected"));
        QCOMPARE(queueStateText(receiving(kFirst, QueueStatus::Active, false, today(8, 5)), m_now),
                 QStringLiteral("relay down since 08:05"));
        QCOMPARE(queueStateText(receiving(kFirst, QueueStatus::Confirmed, true), m_now),
                 QStringLiteral("new, not used by the contact yet"));
        QCOMPARE(
            queueStateText(receiving(kFirst, QueueStatus::Suspended, false, today(8, 5)), m_now),
            QStringLiteral("relay down since 08:05, moving to another"));
        QCOMPARE(queueStateText(sending(kFirst, QueueStatus::New), m_now),
                 QStringLiteral("being secured"));
        QCOMPARE(queueStateText(sending(kFirst, QueueStatus::Active), m_now),
                 QStringLiteral("nothing waiting"));
        QCOMPARE(queueStateText(sending(kFirst, QueueStatus::Active, 1), m_now),
                 QStringLiteral("one message waiting"));
        QCOMPARE(queueStateText(sending(kFirst, QueueStatus::Active, 3, QStringLiteral("timeout")),
                                m_now),
                 QStringLiteral("3 messages waiting (timeout)"));
    }

    void detailsListEveryRelayByHostAndPort() {
        QCOMPARE(relayPlace(kFirst), QStringLiteral("relay-one.example.org:5223"));
        QCOMPARE(relayPlace(QStringLiteral("not an address")), QStringLiteral("not an address"));
        const QString details = relayDetailsText({receiving(kFirst, QueueStatus::Active, true),
                                                  receiving(kSecond, QueueStatus::Active, true),
                                                  sending(kThird, QueueStatus::Secured, 2)},
                                                 m_now);
        QCOMPARE(details, QStringLiteral("Receiving via relay-one.example.org:5223: connected\n"
                                         "Receiving via relay-two.example.net:5223: connected\n"
                                         "Sending via relay-three.example.com:5223: "
                                         "2 messages waiting"));
    }
};

QTEST_GUILESS_MAIN(TestRelayHealth)
#include "test_relay_health.moc"
