import type { DemoGroup } from "./demo-catalog.types.js";

export const outdoorGroups: DemoGroup[] = [
  {
    category: "Outdoor/Camping",
    image: "camping.svg",
    brand: "Trailmark",
    skuCode: "CMP",
    items: [
      {
        name: "Two-person Tent",
        price: "189.00",
        description:
          "A freestanding tent that pitches in five minutes.\nWeighs 1.9 kg with pegs.",
        tags: ["tent", "backpacking"],
      },
      {
        name: "Down Sleeping Bag",
        price: "229.00",
        description: "Comfortable down to -2 °C, packs to the size of a melon.",
        tags: ["sleeping bag", "down"],
        sizes: ["Regular", "Long"],
      },
      {
        name: "Self-inflating Sleeping Mat",
        price: "64.00",
        description: "Open the valve and it fills itself. 5 cm thick.",
        tags: ["mat", "sleeping"],
      },
      {
        name: "Titanium Camping Mug",
        price: "27.00",
        description: "450 ml, 70 g, and it goes straight on the stove.",
        tags: ["mug", "titanium"],
      },
      {
        name: "Headlamp 300 lm",
        price: "34.99",
        description: "A rechargeable headlamp with a red night mode.",
        tags: ["light", "headlamp"],
      },
      {
        name: "Folding Camp Chair",
        price: "49.00",
        description: "Packs into its own bag and holds up to 120 kg.",
        tags: ["chair", "furniture"],
        stock: 0,
      },
      {
        name: "Gas Stove",
        price: "39.00",
        description: "A compact stove that boils a litre in four minutes.",
        tags: ["stove", "cooking"],
      },
      {
        name: "Dry Bag 20 L",
        price: "19.00",
        description: "Roll-top and waterproof, for kayaks and rainy hikes.",
        tags: ["bag", "waterproof"],
        colors: ["Yellow", "Blue"],
      },
      {
        name: "Water Filter Bottle",
        price: "44.00",
        description: "Filters stream water as you drink.",
        tags: ["water", "filter"],
      },
      {
        name: "Trekking Poles",
        price: "79.00",
        description: "Carbon poles that fold to 38 cm, sold as a pair.",
        tags: ["poles", "hiking"],
      },
    ],
  },
  {
    category: "Outdoor/Cycling",
    image: "cycling.svg",
    brand: "Spoke & Chain",
    skuCode: "CYC",
    items: [
      {
        name: "Cycling Helmet",
        price: "69.00",
        description: "A light helmet with a rear dial for a snug fit.",
        tags: ["helmet", "safety"],
        sizes: ["S", "M", "L"],
        soldOut: ["L"],
      },
      {
        name: "Bike Light Set",
        price: "32.00",
        description: "USB-rechargeable front and rear lights.",
        tags: ["light", "safety"],
      },
      {
        name: "Frame Bag",
        price: "38.00",
        description: "A triangle bag that keeps tools and snacks within reach.",
        tags: ["bag", "bikepacking"],
      },
      {
        name: "Mini Pump",
        price: "24.00",
        description: "Fits in a jersey pocket and works with both valve types.",
        tags: ["pump", "tools"],
      },
      {
        name: "Multi-tool 12 in 1",
        price: "21.50",
        description: "Hex keys, screwdrivers and a chain breaker in one.",
        tags: ["tools"],
      },
      {
        name: "Padded Cycling Gloves",
        price: "26.00",
        description: "Gel padding and a towel thumb for long rides.",
        tags: ["gloves"],
        sizes: ["S", "M", "L", "XL"],
      },
      {
        name: "Steel Bottle Cage",
        price: "15.00",
        description: "A classic cage that holds any standard bottle.",
        tags: ["bottle"],
        stock: 0,
      },
    ],
  },
];
