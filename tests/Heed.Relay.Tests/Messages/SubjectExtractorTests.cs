using System.Text;
using Heed.Relay.Configuration;
using Heed.Relay.Messages;
using RabbitMQ.Client;

namespace Heed.Relay.Tests.Messages;

/// <summary>Where the relay finds a message's subject, and what it reports when it cannot.</summary>
public sealed class SubjectExtractorTests
{
    [Theory]
    [InlineData("""{"user":{"id":"42"}}""", "user:42")]
    [InlineData("""{"user":{"id":42}}""", "user:42")]
    public void Extract_JsonPointerFindsStringOrNumber_PrefixesKind(string body, string expected)
    {
        // Arrange
        var extractor = new SubjectExtractor(new SubjectConfig { From = SubjectSourceKind.Json, Pointer = "/user/id", Kind = "user" });

        // Act
        SubjectResult result = extractor.Extract(new BasicProperties(), Encoding.UTF8.GetBytes(body));

        // Assert
        result.Problem.ShouldBeNull();
        result.Subject.ShouldBe(expected);
    }

    [Theory]
    [InlineData("""{"user":{}}""")]
    [InlineData("""{"user":{"id":null}}""")]
    [InlineData("""{"user":{"id":true}}""")]
    [InlineData("""{"user":{"id":{"nested":"42"}}}""")]
    [InlineData("""{"user":{"id":["42"]}}""")]
    [InlineData("""{"user":{"id":"   "}}""")]
    [InlineData("""[1,2,3]""")]
    [InlineData("")] // an empty body carries no subject; it is not a malformed one (the gate reads it the same way)
    public void Extract_JsonPointerFindsNoUsableValue_NoSubject(string body)
    {
        // Arrange
        var extractor = new SubjectExtractor(new SubjectConfig { From = SubjectSourceKind.Json, Pointer = "/user/id" });

        // Act
        SubjectResult result = extractor.Extract(new BasicProperties(), Encoding.UTF8.GetBytes(body));

        // Assert
        result.Subject.ShouldBeNull();
        result.Problem.ShouldBe(SubjectExtractor.NoSubject);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"user\":{\"id\":\"42\"")]
    [InlineData("\uFEFF{]")]
    public void Extract_JsonSourceBodyNotJson_MalformedBody(string body)
    {
        // Arrange
        var extractor = new SubjectExtractor(new SubjectConfig { From = SubjectSourceKind.Json, Pointer = "/user/id" });

        // Act
        SubjectResult result = extractor.Extract(new BasicProperties(), Encoding.UTF8.GetBytes(body));

        // Assert
        result.Subject.ShouldBeNull();
        result.Problem.ShouldBe(SubjectExtractor.MalformedBody);
    }

    [Fact]
    public void Extract_DeeplyNestedBody_MalformedBodyNotAnException()
    {
        // Arrange: deeper than System.Text.Json's default limit of 64.
        var extractor = new SubjectExtractor(new SubjectConfig { From = SubjectSourceKind.Json, Pointer = "/user/id" });
        string body = new string('[', 10_000) + new string(']', 10_000);

        // Act
        SubjectResult result = extractor.Extract(new BasicProperties(), Encoding.UTF8.GetBytes(body));

        // Assert
        result.Subject.ShouldBeNull();
        result.Problem.ShouldBe(SubjectExtractor.MalformedBody);
    }

    [Fact]
    public void Extract_HeaderAsAmqpBytes_ReadsUtf8()
    {
        // Arrange: AMQP 0-9-1 delivers string headers as byte arrays. The email is normalized (lower-cased).
        var extractor = new SubjectExtractor(new SubjectConfig { From = SubjectSourceKind.Header, Header = "x-subject" });
        var properties = new BasicProperties { Headers = new Dictionary<string, object?> { ["x-subject"] = Encoding.UTF8.GetBytes("email:Bob@Example.com") } };

        // Act
        SubjectResult result = extractor.Extract(properties, ReadOnlyMemory<byte>.Empty);

        // Assert
        result.Problem.ShouldBeNull();
        result.Subject.ShouldBe("email:bob@example.com");
    }

    [Fact]
    public void Extract_HeaderMissing_NoSubjectEvenIfTheBodyHasOne()
    {
        // Arrange
        var extractor = new SubjectExtractor(new SubjectConfig { From = SubjectSourceKind.Header, Header = "x-subject" });
        var properties = new BasicProperties { Headers = new Dictionary<string, object?> { ["x-other"] = "user:1" } };

        // Act
        SubjectResult result = extractor.Extract(properties, Encoding.UTF8.GetBytes("""{"subject":"user:1"}"""));

        // Assert
        result.Subject.ShouldBeNull();
        result.Problem.ShouldBe(SubjectExtractor.NoSubject);
    }

    [Fact]
    public void Extract_CloudEventsHeaders_SubjectAndEventType()
    {
        // Arrange
        var extractor = new SubjectExtractor(new SubjectConfig { From = SubjectSourceKind.CloudEvents });
        var properties = new BasicProperties
        {
            Headers = new Dictionary<string, object?>
            {
                ["cloudEvents_subject"] = Encoding.UTF8.GetBytes("user:7"),
                ["cloudEvents_type"] = Encoding.UTF8.GetBytes("com.example.order.created"),
            },
        };

        // Act
        SubjectResult result = extractor.Extract(properties, ReadOnlyMemory<byte>.Empty);

        // Assert
        result.Subject.ShouldBe("user:7");
        result.EventType.ShouldBe("com.example.order.created");
        result.Problem.ShouldBeNull();
    }
}
