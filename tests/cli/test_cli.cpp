// ferry-cli as scripts run it: real ferry-cli processes talking through a real ferry-relay
// process, the listen socket handing commands to a running `listen`, and the error paths.
#include "cli_process.h"
#include "free_port.h"
#include "relay_process.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <arpa/inet.h>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace {

using ferry::test::ListenReader;
using ferry::test::RelayProcess;
using ferry::test::run;
using ferry::test::Run;

const QString kCli = QStringLiteral(FERRY_CLI_BINARY);
const QFileDevice::Permissions kGroupOrOther = QFileDevice::ReadGroup | QFileDevice::WriteGroup |
                                               QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                               QFileDevice::WriteOther | QFileDevice::ExeOther;

// One ferry-cli profile with a key file.
class Profile {
public:
    explicit Profile(const QTemporaryDir& dir, const QString& name)
        : m_dir(dir.filePath(name)), m_key(dir.filePath(name + ".key")) {}

    Run operator()(const QStringList& args) const {
        return run(kCli, QStringList{"--profile", m_dir, "--key-file", m_key} + args);
    }
    QStringList listenArgs() const { return {"--profile", m_dir, "--key-file", m_key, "listen"}; }
    const QString& dir() const { return m_dir; }
    const QString& keyFile() const { return m_key; }

private:
    QString m_dir;
    QString m_key;
};

// A socket connected to the Unix socket at `path` (reads and writes give up after 30 s), or -1.
int connectTo(const QString& path) {
    const QByteArray name = QFile::encodeName(path);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (std::size_t(name.size()) >= sizeof address.sun_path)
        return -1;
    std::memcpy(address.sun_path, name.constData(), std::size_t(name.size()));
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    const timeval timeout{30, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// Sends `request` to the Unix socket at `path` and returns the line that comes back (with its
// newline), or what arrived before the socket closed or 30 s passed.
QByteArray exchange(const QString& path, const QByteArray& request) {
    const int fd = connectTo(path);
    if (fd < 0)
        return {};
    QByteArray reply;
    if (::send(fd, request.constData(), std::size_t(request.size()), MSG_NOSIGNAL) ==
        request.size()) {
        char buffer[4096];
        ssize_t n = 0;
        while (!reply.endsWith('\n') && (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0)
            reply.append(buffer, n);
    }
    ::close(fd);
    return reply;
}

QJsonDocument json(const Run& r) {
    QJsonParseError error{};
    auto doc = QJsonDocument::fromJson(r.out.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError)
        qWarning("not JSON (%s): %s", qPrintable(error.errorString()), qPrintable(r.out));
    return doc;
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT

private slots:
    void badArgumentsExitTwo_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("no profile") << QStringList{"contacts"} << "--profile DIR is needed";
        QTest::newRow("no command") << QStringList{"--profile", "p"} << "a command is needed";
        QTest::newRow("unknown command")
            << QStringList{"--profile", "p", "chat"} << "unknown command 'chat'";
        QTest::newRow("relays without sub-command")
            << QStringList{"--profile", "p", "relays"} << "needs one of add|list|remove";
        QTest::newRow("send without text")
            << QStringList{"--profile", "p", "send", "Bob"} << "usage: ferry-cli send CONTACT TEXT";
        QTest::newRow("accept a name")
            << QStringList{"--profile", "p", "accept", "Bob"} << "must be a positive number";
        QTest::newRow("init without name")
            << QStringList{"--profile", "p", "init"} << "init --name NAME";
        QTest::newRow("unknown option")
            << QStringList{"--profile", "p", "contacts", "--fast"} << "unknown option '--fast'";
        QTest::newRow("qr on contacts")
            << QStringList{"--profile", "p", "contacts", "--qr"} << "--qr goes with";
        QTest::newRow("routing mode")
            << QStringList{"--profile", "p", "routing", "set", "sometimes"}
            << "routing mode 'sometimes': use never, unknown or always";
        QTest::newRow("only-mine value")
            << QStringList{"--profile", "p", "directories", "only-mine", "maybe"}
            << "directories only-mine on|off";
        QTest::newRow("allow-direct elsewhere")
            << QStringList{"--profile", "p", "routing", "show", "--allow-direct"}
            << "--allow-direct goes with routing set";
    }

    void badArgumentsExitTwo() {
        QFETCH(QStringList, args);
        QFETCH(QString, fragment);
        auto env = QProcessEnvironment::systemEnvironment();
        env.remove("FERRY_PROFILE");
        const Run r = run(kCli, args, env);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(fragment), qPrintable(r.err));
        QCOMPARE(r.err.count('\n'), 1); // one line
        QVERIFY(r.out.isEmpty());
    }

    void helpAndVersion() {
        const Run help = run(kCli, {"--help"});
        QCOMPARE(help.exitCode, 0);
        for (const char* word :
             {"init --name NAME", "relays add", "invite", "connect LINK", "address create",
              "requests", "accept ID", "reject ID", "contacts", "send CONTACT TEXT",
              "history CONTACT", "listen", "delete CONTACT", "routing show", "routing set",
              "directories add", "directories only-mine", "--json", "--key-file"})
            QVERIFY2(help.out.contains(word), word);
        const Run version = run(kCli, {"--version"});
        QCOMPARE(version.exitCode, 0);
        QVERIFY(version.out.startsWith("ferry-cli "));
    }

    void passphraseProfile() {
        QTemporaryDir dir;
        const QString profile = dir.filePath("p");
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert("FERRY_KDF", "interactive");
        env.insert("FERRY_PASSPHRASE", "correct horse battery staple");
        const Run init = run(kCli, {"--profile", profile, "init", "--name", "Pat", "--json"}, env);
        QCOMPARE(init.exitCode, 0);
        QCOMPARE(json(init).object()["name"].toString(), QString("Pat"));
        QVERIFY(QFile::exists(profile + "/profile.salt"));
        QVERIFY(!QDir(profile).entryList(QDir::Files).join(' ').contains(".key"));

        const Run contacts = run(kCli, {"--profile", profile, "contacts", "--json"}, env);
        QCOMPARE(contacts.exitCode, 0);
        QVERIFY(json(contacts).isArray());
        // The passphrase never shows up in anything the program printed or stored in clear.
        QVERIFY(!init.out.contains("horse") && !init.err.contains("horse"));
        QFile salt(profile + "/profile.salt");
        QVERIFY(salt.open(QIODevice::ReadOnly));
        QVERIFY(!salt.readAll().contains("horse"));

        env.insert("FERRY_PASSPHRASE", "wrong horse");
        const Run wrong = run(kCli, {"--profile", profile, "contacts"}, env);
        QCOMPARE(wrong.exitCode, 1);
        QVERIFY2(wrong.err.contains("wrong key or not a Ferry profile database"),
                 qPrintable(wrong.err));

        env.remove("FERRY_PASSPHRASE");
        const Run none = run(kCli, {"--profile", profile, "contacts"}, env);
        QCOMPARE(none.exitCode, 1);
        QVERIFY2(none.err.contains("no key: use --key-file or set FERRY_PASSPHRASE"),
                 qPrintable(none.err));

        const Run again = run(kCli, {"--profile", profile, "init", "--name", "X"}, env);
        QCOMPARE(again.exitCode, 1);
        QVERIFY2(again.err.contains("already exists"), qPrintable(again.err));
    }

    // A line on the listen socket that is not a good request (malformed JSON, the wrong types,
    // text after the object, nesting too deep) gets a usage error back, and the listener goes on
    // serving. DEL in printed JSON stays escaped.
    void listenSocketRefusesBadRequests() {
        QTemporaryDir dir;
        const Profile pat(dir, "pat");
        const Run init = pat({"init", "--name", QString::fromUtf8("Pat \"\x7f\""), "--json"});
        QCOMPARE(init.exitCode, 0);
        QVERIFY2(init.out.startsWith("{\"name\":\"Pat \\\"\\u007f\\\"\",\"profile\":"),
                 qPrintable(init.out));

        QProcess listen;
        listen.start(kCli, pat.listenArgs());
        ListenReader events(listen);
        QVERIFY(!events.waitForEvent("listening").isEmpty());
        const QString socket = pat.dir() + "/cli.sock";
        const QByteArray refused = "{\"exit\":2,\"stdout\":\"\",\"stderr\":\"ferry-cli: bad "
                                   "request on the listen socket\\n\"}\n";
        for (const QByteArray& request :
             {QByteArray("{not json"), QByteArray("[\"contacts\"]"),
              QByteArray("{\"args\":\"contacts\"}"), QByteArray("{\"args\":[\"contacts\",1]}"),
              QByteArray("{\"args\":[\"contacts\"],\"json\":1}"),
              QByteArray("{\"args\":[\"contacts\"]} {}"), QByteArray("{\"args\":[\"\\ud800\"]}"),
              QByteArray(100000, '['), QByteArray()})
            QCOMPARE(exchange(socket, request + "\n"), refused);
        QCOMPARE(exchange(socket, "{\"args\":[\"contacts\"],\"json\":true}\n"),
                 QByteArray("{\"exit\":0,\"stdout\":\"[]\\n\",\"stderr\":\"\"}\n"));

        listen.terminate();
        QVERIFY(listen.waitForFinished(20000));
        QCOMPARE(listen.exitCode(), 0);
    }

    // The listen socket against a hostile caller of the same user: one that connects and says
    // nothing holds the listener only until the request deadline (5 s), then is cut off; one
    // that sends a line without end is cut off after the 1 MiB limit instead of being buffered.
    // The listener answers the next request after each.
    void listenSocketOutlastsSilentAndEndlessCallers() {
        QTemporaryDir dir;
        const Profile pat(dir, "pat");
        QCOMPARE(pat({"init", "--name", "Pat"}).exitCode, 0);
        QProcess listen;
        listen.start(kCli, pat.listenArgs());
        ListenReader events(listen);
        QVERIFY(!events.waitForEvent("listening").isEmpty());
        const QString socket = pat.dir() + "/cli.sock";
        const QByteArray request = "{\"args\":[\"contacts\"],\"json\":true}\n";
        const QByteArray answer = "{\"exit\":0,\"stdout\":\"[]\\n\",\"stderr\":\"\"}\n";

        const int silent = connectTo(socket);
        QVERIFY(silent >= 0);
        QCOMPARE(exchange(socket, request), answer); // waits for the silent caller's deadline
        char byte = 0;
        QCOMPARE(::recv(silent, &byte, 1, 0), ssize_t(0)); // the listener closed it
        ::close(silent);

        const int endless = connectTo(socket);
        QVERIFY(endless >= 0);
        const QByteArray chunk(64 * 1024, 'x');
        qint64 sent = 0;
        while (sent < 64 * 1024 * 1024) {
            const ssize_t n =
                ::send(endless, chunk.constData(), std::size_t(chunk.size()), MSG_NOSIGNAL);
            if (n <= 0)
                break;
            sent += n;
        }
        ::close(endless);
        // 1 MiB read, plus what the two sockets' buffers held when the listener hung up.
        QVERIFY2(sent > 1024 * 1024 && sent < 4 * 1024 * 1024, qPrintable(QString::number(sent)));
        QCOMPARE(exchange(socket, request), answer);

        listen.terminate();
        QVERIFY(listen.waitForFinished(20000));
        QCOMPARE(listen.exitCode(), 0);
    }

    void twoClientsThroughRelay() {
        RelayProcess relay;
        QTemporaryDir dir;
        const Profile alice(dir, "alice");
        const Profile bob(dir, "bob");

        // init with a key file that does not exist yet creates it, owner-only.
        QCOMPARE(alice({"init", "--name", "Alice"}).exitCode, 0);
        QCOMPARE(bob({"init", "--name", "Bob"}).exitCode, 0);
        QCOMPARE(QFile::permissions(alice.keyFile()) & kGroupOrOther, QFileDevice::Permissions{});
        for (const Profile* p : {&alice, &bob}) {
            const Run added = (*p)({"relays", "add", relay.address()});
            QVERIFY2(added.exitCode == 0, qPrintable(added.err));
        }
        const Run relays = alice({"relays", "list", "--json"});
        QCOMPARE(json(relays).array().at(0).toObject()["address"].toString(), relay.address());

        // Private routing: the default, a change that is kept, and back.
        const Run routing = alice({"routing", "show"});
        QVERIFY2(routing.out.contains("Private routing: unknown") &&
                     routing.out.contains("nothing is sent directly"),
                 qPrintable(routing.out));
        QCOMPARE(alice({"routing", "set", "always", "--allow-direct"}).exitCode, 0);
        const Run always = alice({"routing", "show", "--json"});
        QCOMPARE(json(always).object()["mode"].toString(), QString("always"));
        QCOMPARE(json(always).object()["allowDirect"].toBool(), true);
        QCOMPARE(alice({"routing", "set", "unknown"}).exitCode, 0);
        QCOMPARE(json(alice({"routing", "show", "--json"})).object()["allowDirect"].toBool(),
                 false);

        // Relay directories: a bad address is refused; one is kept, listed and removed.
        const Run badDirectory = alice({"directories", "add", "https://nowhere"});
        QCOMPARE(badDirectory.exitCode, 1);
        QVERIFY2(badDirectory.err.contains("directory address"), qPrintable(badDirectory.err));
        const QString directory =
            "https://" + QString(43, 'A') + "=@dir.example:8443"; // 32 zero bytes
        QCOMPARE(alice({"directories", "add", directory}).exitCode, 0);
        QCOMPARE(alice({"directories", "only-mine", "on"}).exitCode, 0);
        const Run directories = alice({"directories", "list", "--json"});
        QCOMPARE(json(directories).object()["directories"].toArray().at(0).toString(), directory);
        QCOMPARE(json(directories).object()["onlyMyRelays"].toBool(), true);
        QVERIFY(alice({"directories", "list"}).out.contains("only on your own relays"));
        QCOMPARE(alice({"directories", "remove", directory}).exitCode, 0);
        QCOMPARE(alice({"directories", "remove", directory}).exitCode, 1);
        QCOMPARE(alice({"directories", "only-mine", "off"}).exitCode, 0);
        QVERIFY(alice({"directories", "list"}).out.contains("No relay directories"));

        // The invitation, as JSON and as a QR code for the terminal.
        const Run invite = alice({"invite", "--json"});
        QVERIFY2(invite.exitCode == 0, qPrintable(invite.err));
        const QString link = json(invite).object()["link"].toString();
        QVERIFY(link.startsWith("ferry:/i#")); // a short link: the relay speaks v15+
        const Run qr = alice({"invite", "--qr"});
        QCOMPARE(qr.exitCode, 0);
        QVERIFY(qr.out.startsWith("ferry:/i#"));
        QVERIFY(qr.out.contains(QChar(0x2588)) && qr.out.contains(QChar(0x2580)));

        const Run joined = bob({"connect", link, "--json"});
        QVERIFY2(joined.exitCode == 0, qPrintable(joined.err));
        QCOMPARE(json(joined).object()["status"].toString(), QString("pending"));

        // Alice listens: the connection completes and is reported.
        QProcess listen;
        listen.start(kCli, alice.listenArgs());
        ListenReader events(listen);
        QVERIFY(!events.waitForEvent("listening").isEmpty());
        QVERIFY(QFile::exists(alice.dir() + "/cli.sock"));
        QCOMPARE(QFile::permissions(alice.dir() + "/cli.sock") & kGroupOrOther,
                 QFileDevice::Permissions{});
        const QJsonObject connected = events.waitForEvent("connected");
        QCOMPARE(connected["name"].toString(), QString("Bob"));

        // Bob's one-shot send takes in Alice's HELLO first, so "Alice" is known by name.
        const QString text = QString::fromUtf8("hello \"Alice\" 👋\n\tline two \\ \x01");
        const Run sent = bob({"send", "Alice", text, "--json"});
        QVERIFY2(sent.exitCode == 0, qPrintable(sent.err));
        const QJsonObject message = events.waitForEvent("message");
        QCOMPARE(message["text"].toString(), text);
        QCOMPARE(message["contactName"].toString(), QString("Bob"));
        QCOMPARE(message["contact"].toInteger(), connected["contact"].toInteger());

        // While listen owns Alice's profile, her other commands run inside it.
        const Run contacts = alice({"contacts", "--json"});
        QVERIFY2(contacts.exitCode == 0, qPrintable(contacts.err));
        const QJsonArray list = json(contacts).array();
        QCOMPARE(list.size(), 1);
        QCOMPARE(list.at(0).toObject()["name"].toString(), QString("Bob"));
        QCOMPARE(list.at(0).toObject()["status"].toString(), QString("connected"));
        const Run table = alice({"contacts"});
        QVERIFY(table.out.contains("Bob") && table.out.contains("connected"));
        const Run unknown = alice({"history", "Nobody"});
        QCOMPARE(unknown.exitCode, 1);
        QVERIFY2(unknown.err.contains("no contact named or numbered 'Nobody'"),
                 qPrintable(unknown.err));
        const Run second = run(kCli, alice.listenArgs());
        QCOMPARE(second.exitCode, 1);
        QVERIFY2(second.err.contains("already running"), qPrintable(second.err));

        // A reply through the socket, then Bob sees it delivered in his history.
        const Run reply = alice({"send", "Bob", "hi Bob"});
        QVERIFY2(reply.exitCode == 0, qPrintable(reply.err));
        const Run aliceHistory = alice({"history", "Bob"});
        QVERIFY2(aliceHistory.out.contains(QString::fromUtf8("← hello")),
                 qPrintable(aliceHistory.out));
        QVERIFY2(aliceHistory.out.contains(QString::fromUtf8("→ hi Bob")),
                 qPrintable(aliceHistory.out));

        listen.terminate();
        QVERIFY(listen.waitForFinished(20000));
        QCOMPARE(listen.exitStatus(), QProcess::NormalExit);
        QCOMPARE(listen.exitCode(), 0);
        QVERIFY(!QFile::exists(alice.dir() + "/cli.sock"));

        // Reading commands show what is stored; Bob's listen takes in the reply.
        QProcess bobListen;
        bobListen.start(kCli, bob.listenArgs());
        ListenReader bobEvents(bobListen);
        const QJsonObject replyEvent = bobEvents.waitForEvent("message");
        QCOMPARE(replyEvent["text"].toString(), QString("hi Bob"));
        QCOMPARE(replyEvent["contactName"].toString(), QString("Alice"));
        bobListen.terminate();
        QVERIFY(bobListen.waitForFinished(20000));

        const Run bobHistory = bob({"history", "Alice", "--json"});
        QVERIFY2(bobHistory.exitCode == 0, qPrintable(bobHistory.err));
        const QJsonArray messages = json(bobHistory).array();
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages.at(0).toObject()["direction"].toString(), QString("out"));
        QCOMPARE(messages.at(0).toObject()["text"].toString(), text);
        QCOMPARE(messages.at(0).toObject()["state"].toString(), QString("delivered"));
        QCOMPARE(messages.at(1).toObject()["text"].toString(), QString("hi Bob"));

        // Without a listener: unknown contacts and the wrong key are reported.
        const Run missing = bob({"send", "Nobody", "hi"});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains("no contact named or numbered 'Nobody'"),
                 qPrintable(missing.err));
        const Run wrongKey =
            run(kCli, {"--profile", bob.dir(), "--key-file", alice.keyFile(), "contacts"});
        QCOMPARE(wrongKey.exitCode, 1);
        QVERIFY2(wrongKey.err.contains("wrong key or not a Ferry profile database"),
                 qPrintable(wrongKey.err));

        // A listener killed hard leaves its socket behind: nobody is fooled by it.
        QProcess killed;
        killed.start(kCli, alice.listenArgs());
        ListenReader killedEvents(killed);
        QVERIFY(!killedEvents.waitForEvent("listening").isEmpty());
        killed.kill();
        QVERIFY(killed.waitForFinished(10000));
        QVERIFY(QFile::exists(alice.dir() + "/cli.sock"));
        QCOMPARE(alice({"contacts"}).exitCode, 0);
        QProcess restarted;
        restarted.start(kCli, alice.listenArgs());
        ListenReader restartedEvents(restarted);
        QVERIFY(!restartedEvents.waitForEvent("listening").isEmpty());
        restarted.terminate();
        QVERIFY(restarted.waitForFinished(20000));
        QCOMPARE(restarted.exitCode(), 0);
    }

    // Two profiles keep talking with one of their two relays killed for the rest of the run:
    // each has a queue each way on both, and every message arrives once.
    void conversationSurvivesAKilledRelay() {
        RelayProcess first;
        RelayProcess second("127.0.0.2");
        QTemporaryDir dir;
        const Profile alice(dir, "alice");
        const Profile bob(dir, "bob");
        QCOMPARE(alice({"init", "--name", "Alice"}).exitCode, 0);
        QCOMPARE(bob({"init", "--name", "Bob"}).exitCode, 0);
        for (const RelayProcess* relay : {&first, &second})
            QCOMPARE(alice({"relays", "add", relay->address()}).exitCode, 0);
        for (const RelayProcess* relay : {&second, &first})
            QCOMPARE(bob({"relays", "add", relay->address()}).exitCode, 0);
        const Run invite = alice({"invite", "--json"});
        QVERIFY2(invite.exitCode == 0, qPrintable(invite.err));
        QCOMPARE(bob({"connect", json(invite).object()["link"].toString()}).exitCode, 0);

        QProcess aliceListen;
        aliceListen.start(kCli, alice.listenArgs());
        ListenReader aliceEvents(aliceListen);
        QVERIFY(!aliceEvents.waitForEvent("connected").isEmpty());
        QProcess bobListen;
        bobListen.start(kCli, bob.listenArgs());
        ListenReader bobEvents(bobListen);
        QVERIFY(!bobEvents.waitForEvent("listening").isEmpty());

        // Both sides end up with two queues each way, one on each relay.
        auto queuesOn = [](const Profile& p) {
            QMap<QString, int> count; // "receive"/"send" → queues in use
            const Run r = p({"contacts", "--relays", "--json"});
            const QJsonArray contacts = json(r).array();
            if (contacts.size() != 1)
                return count;
            for (const auto q : contacts.at(0).toObject()["queues"].toArray()) {
                const QString status = q.toObject()["status"].toString();
                if (status == "active" || status == "secured")
                    ++count[q.toObject()["direction"].toString()];
            }
            return count;
        };
        QTRY_VERIFY_WITH_TIMEOUT(
            queuesOn(alice) == (QMap<QString, int>{{"receive", 2}, {"send", 2}}), 60000);
        QTRY_VERIFY_WITH_TIMEOUT(queuesOn(bob) == (QMap<QString, int>{{"receive", 2}, {"send", 2}}),
                                 60000);
        const Run table = alice({"contacts", "--relays"});
        QVERIFY2(table.out.contains("127.0.0.1:") && table.out.contains("127.0.0.2:"),
                 qPrintable(table.out));

        constexpr int kEach = 10;
        auto sendBoth = [&](const QString& tag) {
            for (int i = 0; i < kEach; ++i) {
                QCOMPARE(alice({"send", "Bob", tag + "a" + QString::number(i)}).exitCode, 0);
                QCOMPARE(bob({"send", "Alice", tag + "b" + QString::number(i)}).exitCode, 0);
            }
        };
        auto receive = [](ListenReader& events, const QString& tag) {
            QStringList texts;
            while (texts.size() < kEach) {
                const QJsonObject m = events.waitForEvent("message", 60000);
                if (m.isEmpty())
                    break;
                texts << m["text"].toString();
            }
            QStringList expected;
            for (int i = 0; i < kEach; ++i)
                expected << tag + QString::number(i);
            return texts == expected;
        };
        sendBoth("before");
        QVERIFY(receive(bobEvents, "beforea"));
        QVERIFY(receive(aliceEvents, "beforeb"));

        second.kill();
        sendBoth("after");
        QVERIFY(receive(bobEvents, "aftera"));
        QVERIFY(receive(aliceEvents, "afterb"));
        // Nothing shown twice: no further message events.
        QVERIFY(bobEvents.waitForEvent("message", 2000).isEmpty());
        QVERIFY(aliceEvents.waitForEvent("message", 1).isEmpty());
        const Run down = alice({"contacts", "--relays"});
        QVERIFY2(down.out.contains("relay down since"), qPrintable(down.out));

        // Moving by hand needs a relay of another operator than both: there is none.
        const Run moved = alice({"switch", "Bob"});
        QCOMPARE(moved.exitCode, 1);
        QVERIFY2(moved.err.contains("no relay of another operator"), qPrintable(moved.err));
        // How long a relay may stay unreachable: an hour unless the profile says otherwise.
        QCOMPARE(json(alice({"rotation", "show", "--json"})).object()["rotateAfterMinutes"].toInt(),
                 60);
        QCOMPARE(alice({"rotation", "set", "90"}).exitCode, 0);
        QVERIFY(alice({"rotation", "show"}).out.contains("unreachable for 90 minutes"));
        QCOMPARE(alice({"rotation", "set", "0"}).exitCode, 2);
        QCOMPARE(alice({"rotation", "set", "50000"}).exitCode, 2);

        for (QProcess* p : {&aliceListen, &bobListen}) {
            p->terminate();
            QVERIFY(p->waitForFinished(20000));
        }
    }

    void addressRequestAcceptDelete() {
        RelayProcess relay;
        QTemporaryDir dir;
        const Profile olga(dir, "olga");
        const Profile carol(dir, "carol");
        for (const auto& [p, name] : {std::pair{&olga, "Olga"}, std::pair{&carol, "Carol"}}) {
            QCOMPARE((*p)({"init", "--name", name}).exitCode, 0);
            QCOMPARE((*p)({"relays", "add", relay.address()}).exitCode, 0);
        }
        const Run created = olga({"address", "create", "--json", "--qr"});
        QVERIFY2(created.exitCode == 0, qPrintable(created.err));
        const QString address = json(created).object()["address"].toString();
        QVERIFY(address.startsWith("ferry:/c#")); // a short link: the relay speaks v15+
        QVERIFY(json(created).object()["qr"].toString().contains(QChar(0x2584)));
        QCOMPARE(olga({"address", "show"}).out.trimmed(), address);

        QProcess listen;
        listen.start(kCli, olga.listenArgs());
        ListenReader events(listen);
        QVERIFY(!events.waitForEvent("listening").isEmpty());
        QCOMPARE(carol({"connect", address}).exitCode, 0);
        const QJsonObject request = events.waitForEvent("request");
        QCOMPARE(request["name"].toString(), QString("Carol"));

        // Through Olga's listen socket.
        const QJsonArray pending = json(olga({"requests", "--json"})).array();
        QCOMPARE(pending.size(), 1);
        QCOMPARE(pending.at(0).toObject()["id"].toInteger(), request["id"].toInteger());
        const Run notThere = olga({"reject", "999"});
        QCOMPARE(notThere.exitCode, 1);
        QVERIFY2(notThere.err.contains("no pending request 999"), qPrintable(notThere.err));
        const Run accepted = olga({"accept", QString::number(request["id"].toInteger()), "--json"});
        QVERIFY2(accepted.exitCode == 0, qPrintable(accepted.err));
        QCOMPARE(json(accepted).object()["name"].toString(), QString("Carol"));

        // Carol's send first takes in Olga's acceptance, then talks to her by name.
        const Run sent = carol({"send", "Olga", "thanks"});
        QVERIFY2(sent.exitCode == 0, qPrintable(sent.err));
        QCOMPARE(events.waitForEvent("connected")["name"].toString(), QString("Carol"));
        QCOMPARE(events.waitForEvent("message")["text"].toString(), QString("thanks"));

        const Run deleted = olga({"delete", "Carol", "--json"});
        QVERIFY2(deleted.exitCode == 0, qPrintable(deleted.err));
        QCOMPARE(json(deleted).object()["name"].toString(), QString("Carol"));
        QCOMPARE(json(olga({"contacts", "--json"})).array().size(), 0);
        QCOMPARE(olga({"address", "delete"}).exitCode, 0);
        QVERIFY(json(olga({"address", "show", "--json"})).object()["address"].isNull());
        listen.terminate();
        QVERIFY(listen.waitForFinished(20000));
        QCOMPARE(listen.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
