using Heed.Client;
using Heed.Client.Http;
using Heed.Core.Purposes;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Heed enforcement to an HttpClient.</summary>
public static class HeedHttpClientBuilderExtensions
{
    /// <summary>
    /// Adds <see cref="HeedEnforcementHandler"/> to the client: every call must name its subject (with
    /// <see cref="HeedHttpRequestMessageExtensions.ForSubject"/> or <see cref="HeedHandlerOptions.SubjectHeader"/>)
    /// and is blocked, unsent, when the subject opted out of the purpose or the replica cannot confirm.
    /// Needs <c>AddHeed</c>.
    /// </summary>
    /// <param name="builder">The HttpClient builder.</param>
    /// <param name="configure">Sets the default purpose, subject header and denial mode.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IHttpClientBuilder AddHeedEnforcement(this IHttpClientBuilder builder, Action<HeedHandlerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new HeedHandlerOptions();
        configure?.Invoke(options);
        if (options.Purpose is { } purpose && !PurposeNames.IsValid(purpose))
        {
            throw new ArgumentException($"HeedHandlerOptions.Purpose '{purpose}' is not a purpose name (dotted lower-case segments)", nameof(configure));
        }

        return builder.AddHttpMessageHandler(services => new HeedEnforcementHandler(
            services.GetRequiredService<IHeedEnforcer>(),
            options,
            services.GetService<ILogger<HeedEnforcementHandler>>()));
    }
}
