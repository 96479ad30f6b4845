#pragma once

#include "ui/engine_items.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace ferry::ui {

/// How the relays that carry a conversation are doing, in a few words for the conversation's
/// header ("Both relays fine", "One relay down since 14:02, moving to another").
struct RelayHealth {
    enum class Level {
        Fine,     ///< messages come in through every relay the contact uses
        Changing, ///< a relay is being added or replaced; messages still come in
        Trouble,  ///< no relay that carries the conversation is reachable now
    };
    QString text; ///< empty when there is nothing to say (no queue yet)
    Level level = Level::Fine;
};

/// The health of a contact's relays from its queues (as EngineAdapter::loadContactQueues gives
/// them). It is about the queues this side receives on: a relay this side sends to shows its
/// trouble on the waiting messages. A queue moved away (Draining) no longer counts. Times are
/// local: the time of day when on `now`'s day, else date and time.
RelayHealth relayHealth(const QList<ContactQueueItem>& queues, const QDateTime& now);

/// One queue's state in a few words, for the relay details: "connected", "being set up",
/// "relay down since 14:02, moving to another", "2 messages waiting (…)".
QString queueStateText(const ContactQueueItem& queue, const QDateTime& now);

/// The host and port of a relay address ("relay.example.org:5223"): enough to tell a
/// contact's relays apart; the address itself when it does not parse.
QString relayPlace(const QString& address);

/// The relays that carry the conversation, one line each ("Receiving via
/// relay.example.org:5223: connected"), for the header's tooltip.
QString relayDetailsText(const QList<ContactQueueItem>& queues, const QDateTime& now);

} // namespace ferry::ui
