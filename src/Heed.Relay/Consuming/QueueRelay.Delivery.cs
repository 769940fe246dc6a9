using Heed.Relay.Audit;
using Heed.Relay.Enforcement;
using Heed.Relay.Messages;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace Heed.Relay.Consuming;

/// <summary>What happens to one delivery.</summary>
public sealed partial class QueueRelay
{
    private const string PublishFailed = "publish_failed";
    private int _held;

    private async Task RelayAsync(IChannel source, BasicDeliverEventArgs delivery)
    {
        _metrics.Received(_source, delivery.Redelivered);
        RelayDecision decision = Judge(delivery, out SubjectResult message);
        while (decision.Verdict == RelayVerdict.Hold)
        {
            // No lease: nothing is wrong with the message, so it waits here, unacknowledged (the prefetch
            // bounds how many do), and is judged again once the replica is fresh.
            if (!await HoldAsync())
            {
                _metrics.Requeued(_source, decision.Reason);
                await NackAsync(source, delivery.DeliveryTag);
                return;
            }

            decision = Judge(delivery, out message);
        }

        try
        {
            switch (decision.Verdict)
            {
                case RelayVerdict.Forward:
                    await PublishAsync(
                        _config.Exchange!,
                        _config.RoutingKey ?? delivery.RoutingKey,
                        ForwardHeaders.For(delivery.BasicProperties, decision.OverrideId),
                        delivery.Body);
                    break;
                case RelayVerdict.Quarantine:
                    await PublishAsync(
                        DefaultExchange,
                        _quarantine,
                        QuarantineHeaders.For(delivery.BasicProperties, decision.Reason, _source, delivery.Exchange, delivery.RoutingKey, decision.Lsn),
                        delivery.Body);
                    break;
                default:
                    _audit.Add(new DenialRecord(
                        _time.GetUtcNow(),
                        _source,
                        message.Subject!,
                        decision.Reason,
                        decision.Matched?.Name,
                        decision.Lsn,
                        delivery.BasicProperties.MessageId,
                        message.EventType,
                        delivery.Exchange,
                        delivery.RoutingKey,
                        delivery.Redelivered));
                    break;
            }
        }
        catch (Exception e)
        {
            // Not confirmed (nacked, returned as unroutable, channel or connection lost): not settled.
            await RequeueAsync(source, delivery.DeliveryTag, e);
            return;
        }

        // The outcome is settled once the publish is confirmed. If the ack is lost with the connection, the
        // broker redelivers and the copy is checked again: a duplicate, never a loss.
        _metrics.Settled(_source, decision.Verdict, decision.Reason);
        try
        {
            await source.BasicAckAsync(delivery.DeliveryTag, multiple: false);
        }
        catch (Exception e) when (e is OperationInterruptedException or IOException or ObjectDisposedException)
        {
            AckLost(_source, decision.Verdict, e.Message);
        }
    }

    /// <summary>Judged again after a hold: the replica's schemas may have changed meanwhile.</summary>
    private RelayDecision Judge(BasicDeliverEventArgs delivery, out SubjectResult message)
    {
        if (_events is not null)
        {
            return _events.Judge(delivery.BasicProperties, delivery.Body, out message);
        }

        message = _extractor!.Extract(delivery.BasicProperties, delivery.Body);
        return _judge.Judge(message);
    }

    private async Task PublishAsync(string exchange, string routingKey, BasicProperties properties, ReadOnlyMemory<byte> body)
    {
        IChannel publisher = await PublisherAsync();

        // mandatory: an unroutable message comes back as a PublishException instead of being confirmed
        // and silently dropped by the broker.
        await publisher.BasicPublishAsync(exchange, routingKey, mandatory: true, properties, body);
    }

    /// <summary>The confirm channel; reopened if a channel-level error (not a lost connection, which
    /// automatic recovery handles) closed it.</summary>
    private async ValueTask<IChannel> PublisherAsync()
    {
        if (_publisher is { IsOpen: true } open)
        {
            return open;
        }

        await _publisherGate.WaitAsync();
        try
        {
            if (_publisher is { IsClosed: true } closed && _connection is { IsOpen: true })
            {
                PublisherReopened(_source, closed.CloseReason?.ReplyText);
                closed.Dispose();
                _publisher = await CreatePublisherAsync(CancellationToken.None);
            }

            return _publisher ?? throw new InvalidOperationException("The relay is closed.");
        }
        finally
        {
            _publisherGate.Release();
        }
    }

    private async Task RequeueAsync(IChannel source, ulong deliveryTag, Exception error)
    {
        string reason = error is PublishException { IsReturn: true } ? "unroutable" : PublishFailed;
        ForwardFailed(_source, reason, error.Message, _requeueDelay);
        try
        {
            await Task.Delay(_requeueDelay, _time, _stopping.Token);
        }
        catch (OperationCanceledException)
        {
            // Stopping: hand it back now.
        }

        _metrics.Requeued(_source, reason);
        await NackAsync(source, deliveryTag);
    }

    private async Task NackAsync(IChannel source, ulong deliveryTag)
    {
        try
        {
            await source.BasicNackAsync(deliveryTag, multiple: false, requeue: true);
        }
        catch (Exception e) when (e is OperationInterruptedException or IOException or ObjectDisposedException)
        {
            // The channel is gone, and with it the delivery: the broker requeues it by itself.
            AckLost(_source, RelayVerdict.Quarantine, e.Message);
        }
    }

    /// <summary>Waits until the replica is fresh; false when the relay stops first.</summary>
    private async Task<bool> HoldAsync()
    {
        if (Interlocked.Increment(ref _held) == 1)
        {
            Holding(_source);
        }

        try
        {
            await _enforcer.WaitUntilFreshAsync(_releaseHeld.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        finally
        {
            if (Interlocked.Decrement(ref _held) == 0)
            {
                Resumed(_source);
            }
        }
    }
}
