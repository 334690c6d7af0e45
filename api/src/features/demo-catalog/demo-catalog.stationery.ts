import type { DemoGroup } from "./demo-catalog.types.js";

export const stationeryGroups: DemoGroup[] = [
  {
    category: "Stationery/Notebooks",
    image: "notebook.svg",
    brand: "Paper Mill Lane",
    skuCode: "NBK",
    items: [
      {
        name: "Dotted Notebook A5",
        price: "16.00",
        description:
          "192 numbered pages of 100 g/m² paper that fountain pens love.",
        tags: ["notebook", "dotted"],
        colors: ["Black", "Forest", "Coral"],
      },
      {
        name: "Pocket Notebook Set",
        price: "11.00",
        description: "Three slim notebooks with kraft covers, ruled inside.",
        tags: ["notebook", "pocket"],
      },
      {
        name: "Linen Hardcover Journal",
        price: "28.00",
        description: "A lay-flat journal bound in linen, with a ribbon marker.",
        tags: ["journal", "linen"],
        colors: ["Navy", "Mustard"],
      },
      {
        name: "Weekly Planner",
        price: "22.00",
        description: "An undated planner: start it any week of the year.",
        tags: ["planner"],
      },
      {
        name: "Sketchbook A4",
        price: "19.00",
        description: "Thick cartridge paper for pencil, ink and light washes.",
        tags: ["sketchbook", "art"],
      },
      {
        name: "Recycled Spiral Notebook",
        price: "6.50",
        description: "Recycled paper and a card cover, ruled.",
        tags: ["notebook", "recycled"],
      },
      {
        name: "Grid Notepad",
        price: "7.25",
        description: "A tear-off pad of 5 mm grid paper for desk notes.",
        tags: ["notepad", "grid"],
        stock: 0,
      },
      {
        name: "Leather Notebook Cover",
        price: "45.00",
        description: "Vegetable-tanned leather that darkens with use. Fits A5.",
        tags: ["cover", "leather"],
      },
    ],
  },
  {
    category: "Stationery/Pens",
    image: "pen.svg",
    brand: "Paper Mill Lane",
    skuCode: "PEN",
    items: [
      {
        name: "Fountain Pen",
        price: "38.00",
        description: "A steel nib that writes smoothly from the first line.",
        tags: ["pen", "fountain pen"],
        sizes: ["Fine", "Medium"],
      },
      {
        name: "Gel Pen Pack",
        price: "8.99",
        description: "Five quick-drying gel pens in everyday colours.",
        tags: ["pen", "gel"],
      },
      {
        name: "Brass Ballpoint",
        price: "32.00",
        description: "A solid brass pen that gains a patina over the years.",
        tags: ["pen", "brass"],
      },
      {
        name: "Fineliner Set",
        price: "14.50",
        description: "Ten 0.4 mm fineliners for drawing and notes.",
        tags: ["pen", "fineliner"],
      },
      {
        name: "Mechanical Pencil",
        price: "12.00",
        description: "A 0.5 mm pencil with a metal grip and an eraser.",
        tags: ["pencil"],
      },
      {
        name: "Highlighter Set",
        price: "6.00",
        description: "Four pastel highlighters that do not bleed through.",
        tags: ["highlighter"],
      },
      {
        name: "Bottled Ink 50 ml",
        price: "13.00",
        description: "A deep blue-black ink for fountain pens.",
        tags: ["ink", "fountain pen"],
        colors: ["Blue-black", "Sepia"],
        soldOut: ["Sepia"],
      },
      {
        name: "Pen Roll",
        price: "29.00",
        description: "A waxed canvas roll that holds eight pens.",
        tags: ["case", "canvas"],
        stock: 0,
      },
    ],
  },
];
