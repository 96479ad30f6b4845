#pragma once

#include <QFutureWatcher>
#include <QImage>
#include <QObject>
#include <QString>

namespace ferry::ui {

/// Decodes one QR code at a time on a worker thread, so that a large photo or a burst of
/// camera frames never stalls the UI thread; results come back as signals on this object's
/// thread. A request made while one is in flight is refused (callers drop that frame).
class AsyncQrDecoder : public QObject {
    Q_OBJECT

public:
    explicit AsyncQrDecoder(QObject* parent = nullptr);
    ~AsyncQrDecoder() override;

    bool busy() const;
    /// Looks for a QR code in `image`. False (and nothing happens) when busy.
    bool decodeImage(const QImage& image);
    /// Reads the image file (on the worker too) and looks for a QR code in it.
    bool decodeFile(const QString& path);
    /// Looks in `region` of `image` (in the image's pixels), enlarged if it is small.
    bool decodeRegion(const QImage& image, const QRect& region);

signals:
    void decoded(const QString& text);
    void notFound();
    /// The file could not be read as an image.
    void unreadable();

private:
    enum class Outcome { Found, NotFound, Unreadable };
    struct Result {
        Outcome outcome = Outcome::NotFound;
        QString text;
    };
    template <typename Work> bool run(Work work);
    void finish();

    QFutureWatcher<Result> m_watcher;
};

} // namespace ferry::ui
