import type { CloudEvent } from '@erp/contracts';
import type { ChannelModel, ConfirmChannel } from 'amqplib';
import { encodeCloudEvent } from '../cloud-event.js';
import type { EventLogger } from '../event-transport.js';
import { publishConfirmed } from './publish-confirmed.js';
import { publishProperties } from './rabbit-message.js';

/** Publishes events on one confirm channel per connection; see {@link createRabbitPublisher}. */
export interface RabbitPublisher {
  publish(model: ChannelModel, event: CloudEvent): Promise<void>;
  /** Forgets the channel, because its connection is gone. */
  reset(): void;
}

/**
 * Creates the publishing side of the RabbitMQ transport. The confirm channel is opened on first use and
 * opened again after it closed (a channel error closes only the channel, not the connection).
 *
 * ### Example
 * ```ts
 * const publisher = createRabbitPublisher({ exchange: 'erp.events', publishTimeoutMs: 10_000, logger });
 * await publisher.publish(model, event);
 * ```
 */
export function createRabbitPublisher(settings: { exchange: string; publishTimeoutMs: number; logger: EventLogger }): RabbitPublisher {
  let channel: { model: ChannelModel; opened: Promise<ConfirmChannel> } | undefined;

  const open = async (model: ChannelModel): Promise<ConfirmChannel> => {
    const confirmChannel = await model.createConfirmChannel();
    confirmChannel.on('error', (error: Error) => settings.logger.warn({ err: error }, 'RabbitMQ publish channel failed'));
    confirmChannel.on('close', () => {
      if (channel?.model === model) channel = undefined;
    });
    await confirmChannel.assertExchange(settings.exchange, 'topic', { durable: true });
    return confirmChannel;
  };

  return {
    async publish(model, event) {
      if (channel?.model !== model) {
        const opened = open(model);
        channel = { model, opened };
        opened.catch(() => {
          if (channel?.opened === opened) channel = undefined;
        });
      }
      const confirmChannel = await channel.opened;
      const target = { exchange: settings.exchange, routingKey: event.type };
      await publishConfirmed(confirmChannel, target, encodeCloudEvent(event), publishProperties(event), settings.publishTimeoutMs);
    },
    reset() {
      channel = undefined;
    },
  };
}
