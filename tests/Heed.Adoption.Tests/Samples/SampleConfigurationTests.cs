using Heed.Gate.Configuration;
using Heed.Gate.Hosting;
using Heed.Relay.Configuration;
using Heed.Testing.Repository;

namespace Heed.Adoption.Tests.Samples;

/// <summary>samples/gate and samples/relay, loaded by the gate's and the relay's own configuration loaders.</summary>
public sealed class SampleConfigurationTests
{
    private static string Sample(string folder, string file) => Path.Combine(BuildOutput.RepositoryRoot, "samples", folder, file);

    [Fact]
    public async Task GateSample_LoadedByTheGate_HasNoErrors()
    {
        // The keys are passed as flags in the sample's README; everything else comes from the file.
        GateHandle gate = GateApp.Create(Sample("gate", "gate.json"), o =>
        {
            o.Key = "enforcer-key-given-on-the-command-line";
            o.WriterKey = "writer-key-given-on-the-command-line";
        });
        await using (gate)
        {
            gate.App.ShouldNotBeNull();
        }
    }

    [Fact]
    public void GateSample_WithoutTheKeys_RefusedNamingBoth()
    {
        GateConfigurationException error = Should.Throw<GateConfigurationException>(() => GateApp.Create(Sample("gate", "gate.json")));

        string.Join('\n', error.Errors).ShouldContain("--key");
        string.Join('\n', error.Errors).ShouldContain("--writer-key");
    }

    [Fact]
    public void RelaySample_LoadedByTheRelay_HasBothQueues()
    {
        RelayConfig config = RelayConfigLoader.Load(Sample("relay", "relay.json"));

        config.Queues.ShouldNotBeNull();
        config.Queues.Select(q => q.Source).ShouldBe(["newsletter.in", "orders.in"]);
    }
}
