-- Events a service consumed, per consumer, so a redelivery changes nothing. Written by IdempotentConsumer in the
-- same transaction as the event's effect. Shipped with service-support, so every service's Flyway run creates it.
create table processed_event (
    consumer     varchar(100) not null,
    event_id     varchar(200) not null,
    processed_at timestamptz  not null,
    primary key (consumer, event_id)
);
