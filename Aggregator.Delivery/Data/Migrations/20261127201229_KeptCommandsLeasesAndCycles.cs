using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Aggregator.Delivery.Data.Migrations
{
    /// <inheritdoc />
    public partial class KeptCommandsLeasesAndCycles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "first_attempt",
                table: "message_states",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "lease_until",
                table: "message_states",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "stuck_since",
                table: "message_states",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "delivery_commands",
                columns: table => new
                {
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    command = table.Column<string>(type: "text", nullable: false),
                    kept_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_delivery_commands", x => x.message_id);
                });

            // The commands kept for failed messages move over, so they can still be redriven.
            migrationBuilder.Sql("INSERT INTO delivery_commands (message_id, command, kept_at) SELECT message_id, command::text, failed_at FROM failed_deliveries");
            migrationBuilder.DropTable(
                name: "failed_deliveries");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "delivery_commands");

            migrationBuilder.DropColumn(
                name: "first_attempt",
                table: "message_states");

            migrationBuilder.DropColumn(
                name: "lease_until",
                table: "message_states");

            migrationBuilder.DropColumn(
                name: "stuck_since",
                table: "message_states");

            migrationBuilder.CreateTable(
                name: "failed_deliveries",
                columns: table => new
                {
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    command = table.Column<string>(type: "jsonb", nullable: false),
                    failed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_failed_deliveries", x => x.message_id);
                });
        }
    }
}
