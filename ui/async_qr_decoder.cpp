#include "ui/async_qr_decoder.h"

#include "ui/qr_image.h"

#include <QImageReader>
#include <QPromise>
#include <QThreadPool>
#include <memory>

namespace ferry::ui {

namespace {

// A code filling a small region (a phone held up in a video call) scans better enlarged.
constexpr int kSmallRegionSide = 400;

std::optional<QString> decodeWithRetry(const QImage& image) {
    if (auto text = decodeQrImage(image))
        return text;
    const int side = std::min(image.width(), image.height());
    if (side > 0 && side < kSmallRegionSide)
        return decodeQrImage(
            image.scaled(image.size() * 2, Qt::KeepAspectRatio, Qt::SmoothTransformation));
    return std::nullopt;
}

} // namespace

AsyncQrDecoder::AsyncQrDecoder(QObject* parent) : QObject(parent) {
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &AsyncQrDecoder::finish);
}

AsyncQrDecoder::~AsyncQrDecoder() {
    // A decode still running keeps its own copy of the image and ends on its own; its result
    // goes nowhere once the watcher is gone.
    m_watcher.disconnect();
}

bool AsyncQrDecoder::busy() const {
    return m_watcher.isRunning();
}

template <typename Work> bool AsyncQrDecoder::run(Work work) {
    if (busy())
        return false;
    auto promise = std::make_shared<QPromise<Result>>();
    promise->start();
    m_watcher.setFuture(promise->future());
    QThreadPool::globalInstance()->start([promise, work = std::move(work)] {
        promise->addResult(work());
        promise->finish();
    });
    return true;
}

bool AsyncQrDecoder::decodeImage(const QImage& image) {
    return run([image] {
        if (auto text = decodeWithRetry(image))
            return Result{Outcome::Found, *text};
        return Result{};
    });
}

bool AsyncQrDecoder::decodeFile(const QString& path) {
    return run([path] {
        QImageReader reader(path);
        reader.setAutoTransform(true); // photos from phones carry their rotation separately
        const QImage image = reader.read();
        if (image.isNull())
            return Result{Outcome::Unreadable, {}};
        if (auto text = decodeWithRetry(image))
            return Result{Outcome::Found, *text};
        return Result{};
    });
}

bool AsyncQrDecoder::decodeRegion(const QImage& image, const QRect& region) {
    const QRect bounded = region.intersected(image.rect());
    if (bounded.isEmpty())
        return decodeImage(QImage());
    return decodeImage(image.copy(bounded));
}

void AsyncQrDecoder::finish() {
    const QFuture<Result> future = m_watcher.future();
    const Result result = future.resultCount() > 0 ? future.result() : Result{};
    switch (result.outcome) {
    case Outcome::Found:
        emit decoded(result.text);
        break;
    case Outcome::NotFound:
        emit notFound();
        break;
    case Outcome::Unreadable:
        emit unreadable();
        break;
    }
}

} // namespace ferry::ui
