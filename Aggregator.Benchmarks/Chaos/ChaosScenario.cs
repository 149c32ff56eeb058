namespace Aggregator.Benchmarks.Chaos;

/// <summary>One fault under load: it starts a few seconds into the load, and the load goes on for a while after it.</summary>
public sealed record ChaosScenario(string Name, TimeSpan FaultLength, Func<ServerFaults, TimeSpan, Task> Inject)
{
    public static IReadOnlyList<ChaosScenario> All(bool quick)
    {
        TimeSpan Length(int full, int brief) => TimeSpan.FromSeconds(quick ? brief : full);
        return
        [
            new("postgresql down", Length(60, 15), async (faults, length) =>
            {
                await faults.StopPostgresAsync();
                await Task.Delay(length);
                await faults.StartPostgresAsync();
            }),
            new("rabbitmq down", Length(30, 10), async (faults, length) =>
            {
                await faults.StopRabbitMqAsync();
                await Task.Delay(length);
                await faults.StartRabbitMqAsync();
            }),
            new("redis frozen", Length(10, 5), async (faults, length) =>
            {
                await faults.FreezeRedisAsync();
                await Task.Delay(length);
                await faults.ThawRedisAsync();
            }),
            new(quick ? "delivery killed once" : "delivery killed three times", Length(30, 10), async (faults, length) =>
            {
                var kills = quick ? 1 : 3;
                for (var i = 0; i < kills; i++)
                {
                    await faults.KillAsync("delivery");
                    await Task.Delay(length / (2 * kills));
                    await faults.UpAsync();
                    await Task.Delay(length / (2 * kills));
                }
            }),
            new("logging killed", Length(10, 5), async (faults, length) =>
            {
                await faults.KillAsync("logging");
                await Task.Delay(length);
                await faults.UpAsync();
            }),
        ];
    }
}
