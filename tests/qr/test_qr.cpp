// QR codes out (libqrencode) and back in (ZXing-C++): what the app shows must scan, and
// what the camera, a file, the clipboard or the screen gives must decode.
#include "ui/qr_image.h"

#include <QPainter>
#include <QTransform>
#include <QtTest>

using namespace ferry;

namespace {

const QString kLink = QStringLiteral(
    "ferry:/invitation#/?v=1&smp=smp%3A%2F%2F0YuTwO05YJWS8rkjn9eLJDjQhFKvIYd8d4xG8X1blIU%3D%40"
    "relay.example.org%3A5223%2FqL9tY3kDhQw1bS0fZ7rU2mN6pX4vC8aE%23%2F%3Fv%3D1-4%26dh%3DMCowBQYD"
    "K2VuAyEA3pQbYxZ2s7fK1mR8tV0wN4cL6jH9gE5aD2uF7iB3oTs%253D%26q%3Dm&e2e=vW8xY2zA4bC6dE8fG0hI2j"
    "K4lM6nO8pQ0rS2tU4vW6xY8zA0bC2dE4fG6hI8jK0lM2nO4pQ6rS8tU0vW2xY4zA6bC8dE0fG2hI4jK6lM8nO0pQ2rS");

core::QrMatrix encode(const QString& text) {
    auto code = core::encodeQr(text.toStdString());
    if (!code)
        qFatal("encode failed");
    return std::move(code).value();
}

} // namespace

class TestQr : public QObject {
    Q_OBJECT

private slots:
    void imageRoundTrip() {
        const auto code = encode(kLink);
        QVERIFY(code.size >= 21);
        const QImage image = ui::renderQrImage(code, 6);
        QCOMPARE(image.width(), (code.size + 2 * ui::kQrQuietZone) * 6);
        QCOMPARE(ui::decodeQrImage(image), std::optional<QString>(kLink));
    }

    void crispModules() {
        const auto code = encode(QStringLiteral("x"));
        const QImage image = ui::renderQrImage(code, 4);
        // Only two colours: no anti-aliased grey between modules.
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                colours.insert(image.pixel(x, y));
        QCOMPARE(colours.size(), 2);
        // The quiet zone is light.
        QCOMPARE(image.pixel(0, 0), QColor(Qt::white).rgb());
        QCOMPARE(image.pixel(ui::kQrQuietZone * 4, ui::kQrQuietZone * 4),
                 QColor(Qt::black).rgb()); // finder pattern corner
    }

    void paintedAtAnySize_data() {
        QTest::addColumn<int>("side");
        QTest::newRow("small") << 240;
        QTest::newRow("odd") << 333;
        QTest::newRow("large") << 900;
    }

    void paintedAtAnySize() {
        QFETCH(int, side);
        QImage canvas(side, side, QImage::Format_RGB32);
        canvas.fill(Qt::gray);
        QPainter painter(&canvas);
        ui::paintQr(painter, QRectF(0, 0, side, side), encode(kLink));
        painter.end();
        QCOMPARE(ui::decodeQrImage(canvas), std::optional<QString>(kLink));
    }

    void scannedLikeACameraOrScreen() {
        // Scaled smoothly, rotated, inside a larger picture: a phone screen in a video call.
        const QImage code = ui::renderQrImage(encode(kLink), 5);
        QImage scene(1280, 720, QImage::Format_RGB32);
        scene.fill(QColor(40, 60, 90));
        QPainter painter(&scene);
        painter.setRenderHint(QPainter::SmoothPixmapTransform);
        painter.translate(700, 360);
        painter.rotate(90);
        painter.drawImage(QRectF(-200, -200, 400, 400), code);
        painter.end();
        QCOMPARE(ui::decodeQrImage(scene), std::optional<QString>(kLink));
        // A screenshot region in another pixel format.
        QCOMPARE(ui::decodeQrImage(scene.convertToFormat(QImage::Format_ARGB32_Premultiplied)),
                 std::optional<QString>(kLink));
    }

    void nothingToFind() {
        QImage blank(400, 300, QImage::Format_RGB32);
        blank.fill(Qt::white);
        QVERIFY(!ui::decodeQrImage(blank).has_value());
        QVERIFY(!ui::decodeQrImage(QImage()).has_value());
    }

    // The short invitation (docs/protocol.md, "Links") fits QR version 9 (53 modules a side)
    // where the long one needs version 14 (73): a laptop camera reads it from a phone at arm's
    // length. Both scan back.
    void shortInvitationIsASmallQrCode() {
        const QString shortLink = QStringLiteral(
            "ferry:/i#/?v=1&l=YeJiveTFuGlt0OiYTJZX3VYXz4Dg6aHy&k=kcv1etMsIvZwQQPIo1N8HdLk4X_"
            "3NgIFWexkBWfslPM=&smp=smp://0YuTwO05YJWS8rkjn9eLJDjQhFKvIYd8d4xG8X1blIU=@"
            "relay.example.org:5223");
        auto version = [](const core::QrMatrix& code) { return (code.size - 17) / 4; };
        QVERIFY(version(encode(shortLink)) <= 9);
        QVERIFY(version(encode(kLink)) >= 13);
        QCOMPARE(ui::decodeQrImage(ui::renderQrImage(encode(shortLink), 4)),
                 std::optional<QString>(shortLink));
    }

    void tooLongForAQrCode() { QVERIFY(!core::encodeQr(std::string(5000, 'x'))); }
};

QTEST_GUILESS_MAIN(TestQr)
#include "test_qr.moc"
