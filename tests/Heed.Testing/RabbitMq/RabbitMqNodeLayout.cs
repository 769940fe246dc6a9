using System.Globalization;
using Heed.Testing.Temp;

namespace Heed.Testing.RabbitMq;

/// <summary>
/// Files and environment of one private node. Everything the Debian package would read from /etc or
/// /var is pointed into the temp directory, so brokers run side by side and leave nothing behind.
/// </summary>
internal sealed class RabbitMqNodeLayout
{
    // The node's distribution listener and the CLI's own one bind to loopback only.
    private const string LoopbackDistribution = "-kernel inet_dist_use_interface {127,0,0,1}";

    private readonly TempDirectory _root;

    public RabbitMqNodeLayout(TempDirectory root, string nodeName, int amqpPort, int distPort, int epmdPort)
    {
        _root = root;
        AmqpPort = amqpPort;
        Environment = new Dictionary<string, string?>
        {
            // The Erlang cookie goes to $HOME/.erlang.cookie; server and rabbitmqctl must share it.
            ["HOME"] = Home,
            ["RABBITMQ_NODENAME"] = nodeName,
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = Text(amqpPort),
            ["RABBITMQ_DIST_PORT"] = Text(distPort),
            ["ERL_EPMD_PORT"] = Text(epmdPort),
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_MNESIA_BASE"] = root.Combine("mnesia"),
            ["RABBITMQ_LOG_BASE"] = LogDirectory,
            ["RABBITMQ_PID_FILE"] = PidFile,
            ["RABBITMQ_CONFIG_FILE"] = root.Combine("rabbitmq.conf"),
            ["RABBITMQ_ADVANCED_CONFIG_FILE"] = root.Combine("advanced.config"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = root.Combine("enabled_plugins"),
            ["RABBITMQ_CONF_ENV_FILE"] = root.Combine("rabbitmq-env.conf"),
            ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = LoopbackDistribution,
            ["RABBITMQ_CTL_ERL_ARGS"] = LoopbackDistribution,
        };
    }

    public int AmqpPort { get; }

    public string Home => _root.Combine("home");

    public string LogDirectory => _root.Combine("log");

    public string PidFile => _root.Combine("rabbit.pid");

    public IReadOnlyDictionary<string, string?> Environment { get; }

    public void WriteFiles()
    {
        Directory.CreateDirectory(Home);
        Directory.CreateDirectory(LogDirectory);
        Directory.CreateDirectory(_root.Combine("mnesia"));
        File.WriteAllLines(
            _root.Combine("rabbitmq.conf"),
            [
                $"listeners.tcp.default = 127.0.0.1:{Text(AmqpPort)}",
                "loopback_users.guest = true",

                // A test machine's disk may be nearly full; the default 50 MB alarm would block publishers.
                "disk_free_limit.absolute = 1MB",
            ]);
        File.WriteAllText(_root.Combine("enabled_plugins"), "[].\n");
        File.WriteAllText(_root.Combine("rabbitmq-env.conf"), string.Empty);
    }

    public string LogTail()
    {
        if (!Directory.Exists(LogDirectory))
        {
            return "(no node log)";
        }

        return string.Join(
            '\n',
            Directory.EnumerateFiles(LogDirectory, "*.log").SelectMany(f => File.ReadLines(f).TakeLast(30)));
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
