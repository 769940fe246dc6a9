namespace Heed.Relay.Configuration;

/// <summary>Where a subject is read from.</summary>
public enum SubjectSourceKind
{
    /// <summary>The CloudEvents AMQP binding's <c>subject</c> application property
    /// (<c>cloudEvents:subject</c>, or <c>cloudEvents_subject</c> as some clients spell it).</summary>
    CloudEvents,

    /// <summary>A configured message header.</summary>
    Header,

    /// <summary>A JSON pointer into a JSON body.</summary>
    Json,
}
