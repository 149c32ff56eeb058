using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Aggregator.Delivery.Data.Migrations
{
    /// <inheritdoc />
    public partial class SchedulingExpiryPriority : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "expires_at",
                table: "message_states",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "priority",
                table: "message_states",
                type: "character varying(8)",
                maxLength: 8,
                nullable: false,
                defaultValue: "Normal");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "send_at",
                table: "message_states",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "expires_at",
                table: "message_states");

            migrationBuilder.DropColumn(
                name: "priority",
                table: "message_states");

            migrationBuilder.DropColumn(
                name: "send_at",
                table: "message_states");
        }
    }
}
