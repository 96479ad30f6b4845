#include "ui/requests_dialog.h"

#include "ui/chat_text.h"
#include "ui/dialog_parts.h"
#include "ui/engine_adapter.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace ferry::ui {

RequestsDialog::RequestsDialog(EngineAdapter& engine, QWidget* parent)
    : QDialog(parent), m_engine(engine) {
    setObjectName(QStringLiteral("requestsDialog"));
    setWindowTitle(tr("Contact requests"));
    auto* column = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("These people used your address to ask to talk with you. They "
                                "only learn that you accepted when you do."),
                             this);
    intro->setWordWrap(true);
    column->addWidget(intro);
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("requestList"));
    m_list->setSelectionMode(QAbstractItemView::NoSelection);
    column->addWidget(m_list, 1);
    m_empty = new QLabel(tr("No requests waiting."), this);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    column->addWidget(m_empty);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    column->addWidget(buttons);
    resize(420, 360);

    connect(&engine, &EngineAdapter::contactRequest, this, &RequestsDialog::addRow);
    connect(&engine, &EngineAdapter::requestAccepted, this,
            [this](qint64 requestId) { removeRow(requestId); });
    connect(&engine, &EngineAdapter::requestRejected, this, &RequestsDialog::removeRow);
    // A failed load leaves the list empty, as it was before the answer.
    engine.loadRequests(this, [this](const QList<RequestItem>& requests) { show(requests); }, {});
}

std::function<void(const core::Error&)> RequestsDialog::reportOnWindow() {
    // Said over the main window, so the user learns of it even after closing this dialog.
    QWidget* window = parentWidget() ? parentWidget()->window() : this;
    return [window](const core::Error& error) {
        reportFailure(window, QString::fromStdString(error.message));
    };
}

const QObject* RequestsDialog::reportReceiver() const {
    return parentWidget() ? parentWidget()->window() : this;
}

int RequestsDialog::requestCount() const {
    return m_list->count();
}

void RequestsDialog::show(const QList<RequestItem>& requests) {
    m_list->clear();
    for (const RequestItem& r : requests)
        addRow(r);
    m_empty->setVisible(m_list->count() == 0);
}

void RequestsDialog::addRow(const RequestItem& request) {
    for (int i = 0; i < m_list->count(); ++i)
        if (m_list->item(i)->data(Qt::UserRole).toLongLong() == request.id)
            return;
    auto* item = new QListWidgetItem(m_list);
    item->setData(Qt::UserRole, request.id);
    auto* row = new QWidget(m_list);
    auto* layout = new QHBoxLayout(row);
    auto* name = new QLabel(QStringLiteral("<b>%1</b><br><small>%2</small>")
                                .arg(request.name.toHtmlEscaped(),
                                     listTime(request.receivedAt, QDateTime::currentDateTime())),
                            row);
    layout->addWidget(name, 1);
    auto* accept = new QPushButton(tr("Accept"), row);
    accept->setObjectName(QStringLiteral("acceptRequest"));
    auto* reject = new QPushButton(tr("Reject"), row);
    reject->setObjectName(QStringLiteral("rejectRequest"));
    layout->addWidget(accept);
    layout->addWidget(reject);
    const qint64 id = request.id;
    connect(accept, &QPushButton::clicked, this, [this, id, accept, reject] {
        accept->setEnabled(false);
        reject->setEnabled(false);
        m_engine.acceptRequest(id, reportReceiver(), {}, reportOnWindow());
    });
    connect(reject, &QPushButton::clicked, this, [this, id, accept, reject] {
        accept->setEnabled(false);
        reject->setEnabled(false);
        m_engine.rejectRequest(id, reportReceiver(), {}, reportOnWindow());
    });
    item->setSizeHint(row->sizeHint());
    m_list->setItemWidget(item, row);
    m_empty->setVisible(false);
}

void RequestsDialog::removeRow(qint64 requestId) {
    for (int i = 0; i < m_list->count(); ++i) {
        if (m_list->item(i)->data(Qt::UserRole).toLongLong() == requestId) {
            delete m_list->takeItem(i);
            break;
        }
    }
    m_empty->setVisible(m_list->count() == 0);
}

} // namespace ferry::ui
