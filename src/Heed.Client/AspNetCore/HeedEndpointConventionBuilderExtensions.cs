using Heed.Client.AspNetCore;
using Heed.Core.Purposes;
using Microsoft.AspNetCore.Http;

// Endpoint convention extensions live beside RequireAuthorization and friends, so no extra using is needed.
namespace Microsoft.AspNetCore.Builder;

/// <summary>Enforces opt-outs on minimal API endpoints and route groups.</summary>
public static class HeedEndpointConventionBuilderExtensions
{
    /// <summary>
    /// Lets a request reach the endpoint only if its subject has not opted out of <paramref name="purpose"/>
    /// (or of any purpose above it) and the replica can confirm that. Otherwise the answer is 403
    /// problem+json whose <c>reason</c> is <c>opted_out</c> (with <c>matched</c>), <c>unconfirmed</c>,
    /// <c>invalid_subject</c> (also when the subject is missing) or <c>unknown_purpose</c>.
    /// Applies to minimal API handlers and groups (it is an endpoint filter). Needs <c>AddHeed</c>.
    /// </summary>
    /// <typeparam name="TBuilder">The endpoint or group builder.</typeparam>
    /// <param name="builder">The endpoint or group.</param>
    /// <param name="purpose">The purpose the endpoint uses the subject's data for.</param>
    /// <param name="subject">Where the subject is found, e.g. <c>HeedSubjectSource.FromRoute("id", "user")</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    public static TBuilder RequireNotOptedOut<TBuilder>(this TBuilder builder, string purpose, HeedSubjectSource subject)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(subject);
        if (purpose is null || !PurposeNames.IsValid(purpose))
        {
            throw new ArgumentException($"'{purpose}' is not a purpose name (dotted lower-case segments)", nameof(purpose));
        }

        return builder.AddEndpointFilter(new NotOptedOutFilter(purpose, subject));
    }
}
