#pragma once

#include "ui/engine_items.h"
#include "util/result.h"

#include <QDialog>
#include <functional>

class QListWidget;
class QLabel;

namespace ferry::ui {

class EngineAdapter;

/// Contact requests that came through the user's address, each to accept or reject.
class RequestsDialog : public QDialog {
    Q_OBJECT

public:
    explicit RequestsDialog(EngineAdapter& engine, QWidget* parent = nullptr);

    int requestCount() const;

private:
    void show(const QList<RequestItem>& requests);
    void addRow(const RequestItem& request);
    void removeRow(qint64 requestId);
    /// Where a failed accept or reject is reported: the main window, which outlives this.
    const QObject* reportReceiver() const;
    std::function<void(const core::Error&)> reportOnWindow();

    EngineAdapter& m_engine;
    QListWidget* m_list = nullptr;
    QLabel* m_empty = nullptr;
};

} // namespace ferry::ui
