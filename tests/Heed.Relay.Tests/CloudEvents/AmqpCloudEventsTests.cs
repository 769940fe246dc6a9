using System.Text;
using Heed.Relay.Messages;
using RabbitMQ.Client;

namespace Heed.Relay.Tests.CloudEvents;

/// <summary>Which messages the relay reads as CloudEvents, and how (the AMQP binding).</summary>
public sealed class AmqpCloudEventsTests
{
    [Theory]
    [InlineData("application/cloudevents+xml")]
    [InlineData("application/cloudevents")]
    [InlineData("Application/CloudEvents+Protobuf; charset=utf-8")]
    public void TryRead_BinaryPropertiesWithAnotherCloudEventsFormat_RefusedNotReadAsBinary(string contentType)
    {
        // Arrange: properties of an event that would pass, and a body a consumer reads as a structured event.
        BasicProperties properties = Binary(contentType);

        // Act
        bool read = AmqpCloudEvents.TryRead(properties, Encoding.UTF8.GetBytes("<event subject=\"user:opted-out\"/>"), out _, out _, out string? error);

        // Assert
        read.ShouldBeFalse();
        error.ShouldNotBeNull().ShouldContain("CloudEvents format");
    }

    [Fact]
    public void TryRead_BinaryPropertiesWithAJsonBody_ReadAsBinary()
    {
        BasicProperties properties = Binary("application/json");

        bool read = AmqpCloudEvents.TryRead(properties, Encoding.UTF8.GetBytes("{}"), out var attributes, out _, out string? error);

        read.ShouldBeTrue(error);
        attributes.Type.ShouldBe("com.example.order.placed");
    }

    /// <summary>Binary-mode properties of an event that would pass, with <paramref name="contentType"/>.</summary>
    private static BasicProperties Binary(string contentType) => new()
    {
        ContentType = contentType,
        Headers = new Dictionary<string, object?>
        {
            ["cloudEvents:specversion"] = Encoding.UTF8.GetBytes("1.0"),
            ["cloudEvents:id"] = Encoding.UTF8.GetBytes("e-1"),
            ["cloudEvents:source"] = Encoding.UTF8.GetBytes("/producer"),
            ["cloudEvents:type"] = Encoding.UTF8.GetBytes("com.example.order.placed"),
            ["cloudEvents:subject"] = Encoding.UTF8.GetBytes("user:allowed"),
            ["cloudEvents:schemaversion"] = Encoding.UTF8.GetBytes("3"),
        },
    };
}
